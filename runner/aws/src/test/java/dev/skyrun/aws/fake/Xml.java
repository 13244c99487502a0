package dev.skyrun.aws.fake;

import java.util.Map;
import java.util.UUID;

/** XML bits of the EC2 Query API (2016-11-15 namespace) and its documented error document. */
public final class Xml {

    public static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private Xml() {}

    public static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String el(String name, Object value) {
        return value == null ? "" : "<" + name + ">" + esc(value.toString()) + "</" + name + ">";
    }

    public static String response(String action, String inner) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + EC2_NS + "\">"
                + el("requestId", UUID.randomUUID()) + inner + "</" + action + "Response>";
    }

    public static String error(String code, String message, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>" + el("Code", code) + el("Message", message)
                + "</Error></Errors>" + el("RequestID", requestId) + "</Response>";
    }

    public static String tagSet(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder("<tagSet>");
        tags.forEach((k, v) -> sb.append("<item>").append(el("key", k)).append(el("value", v)).append("</item>"));
        return sb.append("</tagSet>").toString();
    }
}

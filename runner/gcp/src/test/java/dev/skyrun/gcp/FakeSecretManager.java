package dev.skyrun.gcp;

import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.FakeHttpServer.Request;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A loopback fake of the Secret Manager v1 REST API: create, addVersion, access latest, list and delete. */
final class FakeSecretManager {

    private static final Pattern SECRETS = Pattern.compile("^/v1/projects/([^/]+)/secrets/?$");
    private static final Pattern ADD = Pattern.compile("^/v1/projects/([^/]+)/secrets/([^/:]+):addVersion$");
    private static final Pattern ACCESS = Pattern.compile("^/v1/projects/([^/]+)/secrets/([^/:]+)/versions/latest:access$");
    private static final Pattern SECRET = Pattern.compile("^/v1/projects/([^/]+)/secrets/([^/:]+)$");

    /** secret id -> base64 payload of the latest version ("" before the first version). */
    final Map<String, String> secrets = new ConcurrentHashMap<>();

    /** How many of the next list calls answer 500. */
    final java.util.concurrent.atomic.AtomicInteger failingLists = new java.util.concurrent.atomic.AtomicInteger();

    FakeSecretManager(FakeHttpServer http) {
        http.route(r -> r.path().startsWith("/v1/projects/") && r.path().contains("/secrets"), this::serve);
    }

    private Reply serve(Request r) {
        Matcher m;
        if ((m = SECRETS.matcher(r.path())).matches()) {
            if (r.method().equals("POST")) {
                String id = r.params().get("secretId");
                if (secrets.putIfAbsent(id, "") != null) {
                    return Reply.json(409, "{\"error\":{\"code\":409,\"message\":\"Secret [" + id + "] already exists.\",\"status\":\"ALREADY_EXISTS\"}}");
                }
                return Reply.json(200, "{\"name\":\"projects/" + m.group(1) + "/secrets/" + id + "\"}");
            }
            if (failingLists.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Reply.json(500, "{\"error\":{\"code\":500,\"message\":\"Internal error encountered.\",\"status\":\"INTERNAL\"}}");
            }
            StringBuilder items = new StringBuilder();
            String project = m.group(1);
            secrets.keySet().forEach(id -> items.append(items.isEmpty() ? "" : ",")
                    .append("{\"name\":\"projects/").append(project).append("/secrets/").append(id).append("\"}"));
            return Reply.json(200, "{\"secrets\":[" + items + "]}");
        }
        if ((m = ADD.matcher(r.path())).matches()) {
            Matcher data = Pattern.compile("\"data\"\\s*:\\s*\"([^\"]*)\"").matcher(r.body());
            data.find();
            secrets.put(m.group(2), data.group(1));
            return Reply.json(200, "{\"name\":\"projects/" + m.group(1) + "/secrets/" + m.group(2) + "/versions/1\",\"state\":\"ENABLED\"}");
        }
        if ((m = ACCESS.matcher(r.path())).matches()) {
            String data = secrets.get(m.group(2));
            if (data == null || data.isEmpty()) {
                return Reply.json(404, "{\"error\":{\"code\":404,\"message\":\"Secret [" + m.group(2) + "] not found or has no versions.\",\"status\":\"NOT_FOUND\"}}");
            }
            return Reply.json(200, "{\"name\":\"projects/" + m.group(1) + "/secrets/" + m.group(2) + "/versions/1\",\"payload\":{\"data\":\"" + data + "\"}}");
        }
        if ((m = SECRET.matcher(r.path())).matches() && r.method().equals("DELETE")) {
            return secrets.remove(m.group(2)) == null
                    ? Reply.json(404, "{\"error\":{\"code\":404,\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}")
                    : Reply.json(200, "{}");
        }
        return Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"fake Secret Manager does not serve " + r.method() + " " + r.path() + "\"}}");
    }
}

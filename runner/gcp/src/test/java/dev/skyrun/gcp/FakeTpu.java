package dev.skyrun.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.FakeHttpServer.Request;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of the Cloud TPU v2 REST API: nodes create/get/delete/list and
 * long-running operations ({@code .../operations/NAME}, done on the first poll), the
 * documented stockout error, and spot preemption (node state PREEMPTED).
 */
final class FakeTpu {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NODES = Pattern.compile("^/v2/projects/([^/]+)/locations/([^/]+)/nodes/?$");
    private static final Pattern NODE = Pattern.compile("^/v2/projects/([^/]+)/locations/([^/]+)/nodes/([^/:]+)$");
    private static final Pattern OPERATION = Pattern.compile("^/v2/(projects/[^/]+/locations/[^/]+/operations/[^/]+)$");

    /** zone/name -> node JSON. */
    final Map<String, ObjectNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> operations = new ConcurrentHashMap<>();
    private final Deque<String> stockouts = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();

    FakeTpu(FakeHttpServer http) {
        http.route(r -> r.path().startsWith("/v2/projects/"), this::serve);
    }

    /** The next create in this zone ends with the TPU API's "no more capacity" error. */
    synchronized void stockOutNextCreate(String zone) {
        stockouts.add(zone);
    }

    /** Google takes a spot TPU back. */
    void preempt(String zone, String name) {
        nodes.get(zone + "/" + name).put("state", "PREEMPTED");
    }

    private Reply serve(Request r) throws IOException {
        Matcher m;
        if ((m = NODES.matcher(r.path())).matches()) {
            return r.method().equals("POST") ? create(m.group(1), m.group(2), r) : list();
        }
        if ((m = NODE.matcher(r.path())).matches()) {
            String key = m.group(2) + "/" + m.group(3);
            ObjectNode node = nodes.get(key);
            if (node == null) {
                return Reply.json(404, "{\"error\":{\"code\":404,\"message\":\"node " + m.group(3) + " not found\",\"status\":\"NOT_FOUND\"}}");
            }
            if (r.method().equals("DELETE")) {
                nodes.remove(key);
                return Reply.json(200, operation(m.group(1), m.group(2), null).toString());
            }
            if (node.get("state").asText().equals("CREATING")) {
                node.put("state", "READY");
            }
            return Reply.json(200, node.toString());
        }
        if ((m = OPERATION.matcher(r.path())).matches()) {
            ObjectNode op = operations.get(m.group(1));
            op.put("done", true);
            return Reply.json(200, op.toString());
        }
        return Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"fake TPU does not serve " + r.path() + "\"}}");
    }

    private Reply create(String project, String zone, Request r) throws IOException {
        String name = r.params().get("nodeId");
        boolean stockout;
        synchronized (this) {
            stockout = stockouts.remove(zone);
        }
        if (stockout) {
            return Reply.json(200, operation(project, zone, "There is no more capacity in the zone \"" + zone
                    + "\"; you can try in another zone where Cloud TPU Nodes are offered (see https://cloud.google.com/tpu/docs/regions) [EID: 0x1f]").toString());
        }
        ObjectNode node = (ObjectNode) JSON.readTree(r.body());
        node.put("name", "projects/" + project + "/locations/" + zone + "/nodes/" + name);
        node.put("state", "CREATING");
        ArrayNode endpoints = node.putArray("networkEndpoints");
        int workers = node.get("acceleratorType").asText().equals("v5litepod-16") ? 4 : 1;
        for (int i = 0; i < workers; i++) {
            endpoints.addObject().put("ipAddress", "10.0.0." + (i + 2)).put("port", 8470);
        }
        nodes.put(zone + "/" + name, node);
        return Reply.json(200, operation(project, zone, null).toString());
    }

    private Reply list() {
        ArrayNode all = JSON.createArrayNode();
        nodes.values().forEach(all::add);
        return Reply.json(200, "{\"nodes\":" + all + "}");
    }

    private ObjectNode operation(String project, String zone, String error) {
        String name = "projects/" + project + "/locations/" + zone + "/operations/operation-" + ids.incrementAndGet();
        ObjectNode op = JSON.createObjectNode().put("name", name).put("done", false);
        if (error != null) {
            op.putObject("error").put("code", 8).put("message", error);
        }
        operations.put(name, op);
        return op;
    }
}

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of the Compute Engine v1 REST API: instances insert/get/delete/aggregatedList,
 * firewalls insert/list/get/delete, and zone operations (each polled once as RUNNING before DONE), with the documented error
 * bodies and operation errors, and spot preemption (instance gone + a
 * {@code compute.instances.preempted} operation). Tests script faults: failing inserts and
 * deletes, an insert whose answer is lost, deletes that answer but leave the instance.
 */
final class FakeCompute {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INSTANCES = Pattern.compile("^/compute/v1/projects/([^/]+)/zones/([^/]+)/instances/?$");
    private static final Pattern INSTANCE = Pattern.compile("^/compute/v1/projects/([^/]+)/zones/([^/]+)/instances/([^/]+)$");
    private static final Pattern OPERATION = Pattern.compile("^/compute/v1/projects/([^/]+)/zones/([^/]+)/operations/([^/]+)$");
    private static final Pattern OPERATIONS = Pattern.compile("^/compute/v1/projects/([^/]+)/zones/([^/]+)/operations/?$");
    private static final Pattern FIREWALLS = Pattern.compile("^/compute/v1/projects/([^/]+)/global/firewalls/?$");
    private static final Pattern FIREWALL = Pattern.compile("^/compute/v1/projects/([^/]+)/global/firewalls/([^/]+)$");
    private static final Pattern AGGREGATED = Pattern.compile("^/compute/v1/projects/([^/]+)/aggregated/instances/?$");

    /** A scripted failure of the next insert: an HTTP error body, or an operation that ends in an error. */
    record Failure(int httpStatus, String body, String operationErrorCode, String operationErrorMessage) {
        static Failure http(int status, String reason, String message) {
            return new Failure(status, "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"errors\":[{\"message\":\""
                    + message + "\",\"domain\":\"global\",\"reason\":\"" + reason + "\"}]}}", null, null);
        }

        static Failure operation(String code, String message) {
            return new Failure(0, null, code, message);
        }

        Reply asReply() {
            return Reply.json(httpStatus, body);
        }
    }

    /** name -> firewall rule JSON, as inserted. */
    final Map<String, ObjectNode> firewalls = new ConcurrentHashMap<>();
    /** zone/name -> instance JSON. */
    final Map<String, ObjectNode> instances = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> operations = new ConcurrentHashMap<>();
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    private final List<ObjectNode> zoneOperations = new CopyOnWriteArrayList<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Deque<Failure> deleteFailures = new ArrayDeque<>();
    /** When each insert arrived (nanoTime), to read a client's backoff. */
    final List<Long> insertedAt = new CopyOnWriteArrayList<>();
    /** Whether a delete answers with an operation but leaves the instance running (an API that is not ours). */
    volatile boolean ignoreDeletes;
    /** Whether the next insert creates the instance but its answer is lost (a 503 goes back instead). */
    volatile boolean loseNextInsertAnswer;

    FakeCompute(FakeHttpServer http) {
        http.route(r -> r.path().startsWith("/compute/v1/"), this::serve);
    }

    /** The next insert fails this way. */
    synchronized void failNextInsert(Failure f) {
        failures.add(f);
    }

    /** The next {@code times} deletes fail this way. */
    synchronized void failNextDeletes(Failure f, int times) {
        for (int i = 0; i < times; i++) {
            deleteFailures.add(f);
        }
    }

    /** Compute Engine preempts a spot VM: it is deleted (terminationAction DELETE) and the zone logs the operation. */
    void preempt(String zone, String name) {
        ObjectNode inst = instances.remove(zone + "/" + name);
        ObjectNode op = operation(inst.get("selfLink").asText().replaceAll("^.*/projects/([^/]+)/.*$", "$1"), zone,
                "compute.instances.preempted", name, "");
        op.put("status", "DONE");
        zoneOperations.add(op);
    }

    private Reply serve(Request r) throws IOException {
        Matcher m;
        if ((m = FIREWALLS.matcher(r.path())).matches() || (m = FIREWALL.matcher(r.path())).matches()) {
            return firewall(m, r);
        }
        if ((m = INSTANCES.matcher(r.path())).matches() && r.method().equals("POST")) {
            return insert(m.group(1), m.group(2), r);
        }
        if ((m = INSTANCE.matcher(r.path())).matches()) {
            String key = m.group(2) + "/" + m.group(3);
            ObjectNode inst = instances.get(key);
            if (inst == null) {
                return notFound("projects/" + m.group(1) + "/zones/" + m.group(2) + "/instances/" + m.group(3));
            }
            if (r.method().equals("DELETE")) {
                Failure f;
                synchronized (this) {
                    f = deleteFailures.poll();
                }
                if (f != null) {
                    return Reply.json(f.httpStatus(), f.body());
                }
                if (!ignoreDeletes) {
                    instances.remove(key);
                }
                return Reply.json(200, operation(m.group(1), m.group(2), "delete", m.group(3), "").toString());
            }
            if (inst.get("status").asText().equals("PROVISIONING")) {
                inst.put("status", "RUNNING");
            }
            return Reply.json(200, inst.toString());
        }
        if ((m = OPERATION.matcher(r.path())).matches()) {
            ObjectNode op = operations.get(m.group(3));
            if (op == null) {
                return notFound("operations/" + m.group(3));
            }
            if (polls.merge(m.group(3), 1, Integer::sum) >= 1) {
                op.put("status", "DONE");
                op.put("progress", 100);
            }
            return Reply.json(200, op.toString());
        }
        if ((m = OPERATIONS.matcher(r.path())).matches()) {
            ArrayNode items = JSON.createArrayNode();
            String zone = m.group(2);
            zoneOperations.stream().filter(o -> o.get("zone").asText().endsWith("/zones/" + zone)).forEach(items::add);
            return Reply.json(200, "{\"kind\":\"compute#operationList\",\"items\":" + items + "}");
        }
        if ((m = AGGREGATED.matcher(r.path())).matches()) {
            ObjectNode items = JSON.createObjectNode();
            instances.forEach((k, v) -> {
                String zone = k.substring(0, k.indexOf('/'));
                ((ArrayNode) items.withObject("/zones~1" + zone).withArray("instances")).add(v);
            });
            return Reply.json(200, "{\"kind\":\"compute#instanceAggregatedList\",\"items\":" + items + "}");
        }
        return Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"fake compute does not serve " + r.path() + "\"}}");
    }

    private Reply insert(String project, String zone, Request r) throws IOException {
        insertedAt.add(System.nanoTime());
        Failure f;
        synchronized (this) {
            f = failures.poll();
        }
        if (f != null && f.httpStatus() > 0) {
            return Reply.json(f.httpStatus(), f.body());
        }
        String requestId = r.params().getOrDefault("requestId", "");
        ObjectNode inst = (ObjectNode) JSON.readTree(r.body());
        String name = inst.get("name").asText();
        ObjectNode op = operation(project, zone, "insert", name, requestId);
        if (f != null) {
            op.putObject("error").putArray("errors").addObject().put("code", f.operationErrorCode()).put("message", f.operationErrorMessage());
            op.put("httpErrorStatusCode", 503);
            op.put("httpErrorMessage", "SERVICE UNAVAILABLE");
            return Reply.json(200, op.toString());
        }
        if (instances.containsKey(zone + "/" + name)) {
            return Reply.json(409, "{\"error\":{\"code\":409,\"message\":\"The resource 'projects/" + project + "/zones/" + zone
                    + "/instances/" + name + "' already exists\",\"errors\":[{\"message\":\"already exists\",\"domain\":\"global\",\"reason\":\"alreadyExists\"}]}}");
        }
        inst.put("status", "PROVISIONING");
        inst.put("id", Integer.toString(ids.incrementAndGet()));
        inst.put("zone", "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + zone);
        inst.put("selfLink", "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + zone + "/instances/" + name);
        instances.put(zone + "/" + name, inst);
        if (loseNextInsertAnswer) {
            loseNextInsertAnswer = false;
            return Failure.http(503, "backendError", "The service is currently unavailable.").asReply();
        }
        return Reply.json(200, op.toString());
    }

    /** firewalls.insert (409 when the name exists), list, delete (404 when absent): global operations answered DONE. */
    private Reply firewall(Matcher m, Request r) throws IOException {
        String project = m.group(1);
        if (m.groupCount() == 1 && r.method().equals("POST")) {
            ObjectNode rule = (ObjectNode) JSON.readTree(r.body());
            String name = rule.get("name").asText();
            if (firewalls.putIfAbsent(name, rule) != null) {
                return Reply.json(409, "{\"error\":{\"code\":409,\"message\":\"The resource 'projects/" + project
                        + "/global/firewalls/" + name + "' already exists\",\"errors\":[{\"message\":\"already exists\","
                        + "\"domain\":\"global\",\"reason\":\"alreadyExists\"}]}}");
            }
            return Reply.json(200, globalOperation(project, "insert", name).toString());
        }
        if (m.groupCount() == 1) {
            ArrayNode items = JSON.createArrayNode();
            firewalls.values().forEach(items::add);
            return Reply.json(200, "{\"kind\":\"compute#firewallList\",\"items\":" + items + "}");
        }
        String name = m.group(2);
        if (!firewalls.containsKey(name)) {
            return notFound("projects/" + project + "/global/firewalls/" + name);
        }
        if (r.method().equals("DELETE")) {
            firewalls.remove(name);
            return Reply.json(200, globalOperation(project, "delete", name).toString());
        }
        return Reply.json(200, firewalls.get(name).toString());
    }

    private ObjectNode globalOperation(String project, String type, String firewall) {
        String name = "operation-" + ids.incrementAndGet();
        ObjectNode op = JSON.createObjectNode();
        op.put("kind", "compute#operation").put("id", Integer.toString(ids.get())).put("name", name)
                .put("operationType", type).put("status", "DONE").put("progress", 100)
                .put("targetLink", "https://www.googleapis.com/compute/v1/projects/" + project + "/global/firewalls/" + firewall)
                .put("selfLink", "https://www.googleapis.com/compute/v1/projects/" + project + "/global/operations/" + name);
        return op;
    }

    private ObjectNode operation(String project, String zone, String type, String target, String requestId) {
        String name = "operation-" + ids.incrementAndGet();
        ObjectNode op = JSON.createObjectNode();
        op.put("kind", "compute#operation").put("id", Integer.toString(ids.get())).put("name", name)
                .put("zone", "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + zone)
                .put("operationType", type).put("status", "RUNNING").put("progress", 0)
                .put("targetLink", "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + zone + "/instances/" + target)
                .put("selfLink", "https://www.googleapis.com/compute/v1/projects/" + project + "/zones/" + zone + "/operations/" + name);
        if (!requestId.isEmpty()) {
            op.put("clientOperationId", requestId);
        }
        operations.put(name, op);
        return op;
    }

    private static Reply notFound(String what) {
        return Reply.json(404, "{\"error\":{\"code\":404,\"message\":\"The resource '" + what + "' was not found\",\"errors\":[{\"message\":\"The resource '"
                + what + "' was not found\",\"domain\":\"global\",\"reason\":\"notFound\"}]}}");
    }
}

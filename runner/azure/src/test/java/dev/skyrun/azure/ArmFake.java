package dev.skyrun.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.FakeHttpServer.Request;
import java.io.IOException;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of Azure Resource Manager as its REST reference documents it: resource groups
 * (PUT, HEAD, GET), and virtual machines, disks, NICs, virtual networks and network security groups
 * (PUT, PATCH, GET, DELETE, list by subscription). Creates, updates and deletes are long-running
 * operations: 201/202 with an {@code Azure-AsyncOperation} URL that answers {@code InProgress} once,
 * then {@code Succeeded} (or {@code Failed} with the error). Errors have the documented body
 * {@code {"error":{"code","message"}}}. Deleting a VM deletes its NIC and OS disk when their
 * {@code deleteOption} says so. Tests script faults (an HTTP error, a throttling 429 with
 * {@code Retry-After}, an operation that fails) and evictions.
 */
final class ArmFake {

    static final String SUB = "00000000-1111-2222-3333-444444444444";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GROUP = Pattern.compile("^/subscriptions/([^/]+)/resourcegroups/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern RESOURCE = Pattern.compile(
            "^/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/([^/]+)/([^/]+)/([^/]+)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST = Pattern.compile("^/subscriptions/([^/]+)/providers/([^/]+)/([^/]+)$", Pattern.CASE_INSENSITIVE);
    /** Types whose create and delete Azure answers at once, not as long-running operations. */
    private static final java.util.Set<String> SYNC = java.util.Set.of("proximityplacementgroups");
    private static final Pattern OPERATION = Pattern.compile("^/subscriptions/[^/]+/providers/fake/operations/([^/]+)$");

    /** A scripted failure of the next matching request: an HTTP error, or an operation that ends Failed. */
    record Fault(String method, String type, int status, String code, String message, Map<String, String> headers, boolean async) {
        static Fault http(String method, String type, int status, String code, String message) {
            return new Fault(method, type, status, code, message, Map.of(), false);
        }

        static Fault throttled(String method, String type, int retryAfterSeconds) {
            return new Fault(method, type, 429, "TooManyRequests", "The request is being throttled.",
                    Map.of("Retry-After", Integer.toString(retryAfterSeconds)), false);
        }

        static Fault operation(String type, String code, String message) {
            return new Fault("PUT", type, 0, code, message, Map.of(), true);
        }
    }

    final FakeHttpServer http = FakeHttpServer.start();
    /** Resources by lower-case path: resource groups and everything under them. */
    final Map<String, ObjectNode> resources = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> operations = new ConcurrentHashMap<>();
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final AtomicInteger ids = new AtomicInteger();

    ArmFake() {
        http.route(r -> true, this::serve);
    }

    /** Fails the next request of {@code method} on resources of {@code type} ({@code virtualMachines}...). */
    void fail(Fault fault) {
        faults.add(fault);
    }

    /** Spot eviction with policy Delete: the VM disappears, with its NIC and disk. */
    void evict(String vmName) {
        resources.keySet().stream().filter(k -> k.endsWith("/virtualmachines/" + vmName.toLowerCase(Locale.ROOT))).toList()
                .forEach(this::deleteVm);
    }

    /** The resources of a type ({@code virtualMachines}, {@code disks}, {@code networkInterfaces}...). */
    List<ObjectNode> all(String type) {
        String t = "/" + type.toLowerCase(Locale.ROOT) + "/";
        return resources.entrySet().stream().filter(e -> e.getKey().contains(t)).map(Map.Entry::getValue).toList();
    }

    /** The requests of a method whose path ends with {@code /TYPE/NAME} of the given type. */
    List<Request> requests(String method, String type) {
        String t = "/" + type.toLowerCase(Locale.ROOT) + "/";
        return http.requests().stream().filter(r -> r.method().equals(method) && r.path().toLowerCase(Locale.ROOT).contains(t)
                && !r.path().contains("/operations/")).toList();
    }

    private Reply serve(Request r) throws IOException {
        String path = r.path();
        Matcher op = OPERATION.matcher(path);
        if (op.matches()) {
            return operation(op.group(1));
        }
        Fault fault = takeFault(r);
        if (fault != null && !fault.async()) {
            Reply e = error(fault.status(), fault.code(), fault.message());
            return new Reply(e.status(), e.contentType(), e.body(), fault.headers());
        }
        String key = path.toLowerCase(Locale.ROOT);
        Matcher list = LIST.matcher(path);
        if (r.method().equals("GET") && list.matches()) {
            return list(list.group(3));
        }
        if (GROUP.matcher(path).matches()) {
            return group(r, key);
        }
        Matcher m = RESOURCE.matcher(path);
        if (!m.matches()) {
            return error(400, "InvalidResourceType", "no fake for " + r.method() + " " + path);
        }
        return switch (r.method()) {
            case "PUT" -> put(r, key, m, fault);
            case "PATCH" -> patch(r, key);
            case "GET" -> get(r, key, m.group(4));
            case "DELETE" -> delete(key, m.group(4));
            default -> error(405, "MethodNotAllowed", r.method());
        };
    }

    private Fault takeFault(Request r) {
        for (Fault f : faults) {
            if (f.method().equals(r.method()) && r.path().toLowerCase(Locale.ROOT).contains("/" + f.type().toLowerCase(Locale.ROOT) + "/")
                    && faults.remove(f)) {
                return f;
            }
        }
        return null;
    }

    private Reply group(Request r, String key) throws IOException {
        return switch (r.method()) {
            case "HEAD" -> new Reply(resources.containsKey(key) ? 204 : 404, "application/json", new byte[0], Map.of());
            case "PUT" -> {
                ObjectNode body = (ObjectNode) JSON.readTree(r.body());
                body.put("id", r.path()).put("name", key.substring(key.lastIndexOf('/') + 1));
                body.putObject("properties").put("provisioningState", "Succeeded");
                resources.put(key, body);
                yield Reply.json(201, body.toString());
            }
            case "GET" -> resources.containsKey(key) ? Reply.json(200, resources.get(key).toString())
                    : error(404, "ResourceGroupNotFound", "Resource group '" + key + "' could not be found.");
            default -> error(405, "MethodNotAllowed", r.method());
        };
    }

    private Reply put(Request r, String key, Matcher m, Fault fault) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(r.body());
        body.put("id", r.path()).put("name", m.group(5)).put("type", m.group(3) + "/" + m.group(4));
        ObjectNode props = body.has("properties") ? (ObjectNode) body.get("properties") : body.putObject("properties");
        props.put("provisioningState", "Succeeded");
        String type = m.group(4).toLowerCase(Locale.ROOT);
        if (fault != null) {
            return accepted(201, inProgress(body), "Failed", fault);
        }
        if (type.equals("virtualmachines")) {
            vm(r.path(), body, props);
        } else if (type.equals("networkinterfaces")) {
            ((ObjectNode) props.withArray("ipConfigurations").get(0).get("properties"))
                    .put("privateIPAddress", "10.210.0." + (4 + ids.incrementAndGet()));
        }
        resources.put(key, body);
        if (SYNC.contains(type)) {
            return Reply.json(201, body.toString());
        }
        return accepted(201, inProgress(body), "Succeeded", null);
    }

    /** The first answer of a create shows it under way, as Azure does; the operation says when it is done. */
    private static ObjectNode inProgress(ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        ((ObjectNode) copy.get("properties")).put("provisioningState", "Creating");
        return copy;
    }

    /** Completes a VM as Azure returns it, and makes its OS disk. */
    private void vm(String path, ObjectNode body, ObjectNode props) {
        props.put("vmId", java.util.UUID.randomUUID().toString());
        ObjectNode storage = (ObjectNode) props.get("storageProfile");
        storage.putArray("dataDisks");
        ObjectNode os = (ObjectNode) storage.get("osDisk");
        String group = path.substring(0, path.toLowerCase(Locale.ROOT).indexOf("/providers/"));
        String diskId = group + "/providers/Microsoft.Compute/disks/" + os.get("name").asText();
        ((ObjectNode) os.get("managedDisk")).put("id", diskId);
        ObjectNode disk = JSON.createObjectNode().put("id", diskId).put("name", os.get("name").asText())
                .put("location", body.get("location").asText()).put("type", "Microsoft.Compute/disks");
        disk.putObject("properties").put("provisioningState", "Succeeded").put("diskState", "Attached")
                .put("deleteOption", os.path("deleteOption").asText("Detach"));
        resources.put(diskId.toLowerCase(Locale.ROOT), disk);
    }

    private Reply patch(Request r, String key) throws IOException {
        ObjectNode existing = resources.get(key);
        if (existing == null) {
            return error(404, "ResourceNotFound", "The Resource '" + key + "' was not found.");
        }
        ObjectNode body = (ObjectNode) JSON.readTree(r.body());
        if (body.has("tags")) {
            existing.set("tags", body.get("tags"));
        }
        return accepted(200, inProgress(existing), "Succeeded", null);
    }

    private Reply get(Request r, String key, String type) {
        ObjectNode res = resources.get(key);
        if (res == null) {
            return error(404, "ResourceNotFound", "The Resource '" + key.substring(key.indexOf("/providers/") + 11)
                    + "' under resource group was not found.");
        }
        if (type.equalsIgnoreCase("virtualMachines") && r.query().contains("instanceView")) {
            ObjectNode copy = res.deepCopy();
            ArrayNode statuses = ((ObjectNode) copy.get("properties")).putObject("instanceView").putArray("statuses");
            statuses.addObject().put("code", "ProvisioningState/succeeded");
            statuses.addObject().put("code", "PowerState/running");
            return Reply.json(200, copy.toString());
        }
        return Reply.json(200, res.toString());
    }

    private Reply delete(String key, String type) {
        if (!resources.containsKey(key)) {
            return new Reply(204, "application/json", new byte[0], Map.of());
        }
        if (type.equalsIgnoreCase("virtualMachines")) {
            deleteVm(key);
        } else {
            resources.remove(key);
        }
        if (SYNC.contains(type.toLowerCase(Locale.ROOT))) {
            return new Reply(200, "application/json", new byte[0], Map.of());
        }
        return accepted(202, null, "Succeeded", null);
    }

    private void deleteVm(String key) {
        ObjectNode vm = resources.remove(key);
        if (vm == null) {
            return;
        }
        ObjectNode props = (ObjectNode) vm.get("properties");
        ObjectNode os = (ObjectNode) props.get("storageProfile").get("osDisk");
        if (os.path("deleteOption").asText().equals("Delete")) {
            resources.remove(os.get("managedDisk").get("id").asText().toLowerCase(Locale.ROOT));
        }
        for (var nic : props.get("networkProfile").withArray("networkInterfaces")) {
            if (nic.path("properties").path("deleteOption").asText().equals("Delete")) {
                ObjectNode removed = resources.remove(nic.get("id").asText().toLowerCase(Locale.ROOT));
                var ip = removed == null ? null : removed.at("/properties/ipConfigurations/0/properties/publicIPAddress");
                if (ip != null && ip.path("properties").path("deleteOption").asText().equals("Delete")) {
                    resources.remove(ip.get("id").asText().toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    private Reply list(String type) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode value = page.putArray("value");
        all(type).forEach(value::add);
        return Reply.json(200, page.toString());
    }

    /** A long-running operation's first answer: the resource (if any) and where to poll. */
    private Reply accepted(int status, ObjectNode body, String outcome, Fault fault) {
        String id = "op-" + ids.incrementAndGet();
        ObjectNode op = JSON.createObjectNode().put("status", outcome);
        if (fault != null) {
            op.putObject("error").put("code", fault.code()).put("message", fault.message());
        }
        operations.put(id, op);
        String url = http.uri() + "/subscriptions/" + SUB + "/providers/fake/operations/" + id + "?api-version=2024-07-01";
        byte[] bytes = body == null ? new byte[0] : body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new Reply(status, "application/json", bytes, Map.of("Azure-AsyncOperation", url, "x-ms-request-id", id));
    }

    private Reply operation(String id) {
        ObjectNode op = operations.get(id);
        if (op == null) {
            return error(404, "NotFound", "no operation " + id);
        }
        if (polls.merge(id, 1, Integer::sum) == 1) {
            return Reply.json(200, "{\"status\":\"InProgress\"}");
        }
        return Reply.json(200, op.toString());
    }

    static Reply error(int status, String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("code", code).put("message", message);
        return new Reply(status, "application/json", e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("x-ms-request-id", "req-" + Math.abs(message.hashCode())));
    }
}

package dev.skyrun.lambda.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.FakeHttpServer.Request;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback Lambda Cloud API ({@code /api/v1}) for tests, answering the documented shapes:
 * {@code instance-types} with {@code regions_with_capacity_available}, {@code instance-operations/launch}
 * (with {@code user_data} and {@code tags}) and {@code /terminate}, {@code instances} (list and get),
 * {@code ssh-keys} (list, add, delete), {@code file-systems}, bearer-key auth and the error body
 * {@code {"error": {"code", "message", "suggestion"}}}. A launch without capacity in its region
 * answers {@code instance-operations/launch/insufficient-capacity}, as Lambda does. Instances boot
 * on their first look and are active (at {@link #instanceIp}) on the next.
 */
public final class LambdaFake implements AutoCloseable {

    /** The API key the fake accepts. */
    public static final String API_KEY = "secret_skyrun-test_0123456789abcdef";

    /** An instance as the fake holds it. */
    public static final class Inst {
        public final String id;
        public final String name;
        public final String region;
        public final String type;
        public final String userData;
        public final List<String> sshKeyNames;
        public final Map<String, String> tags;
        public volatile String status = "booting";

        Inst(String id, String name, String region, String type, String userData, List<String> sshKeyNames, Map<String, String> tags) {
            this.id = id;
            this.name = name;
            this.region = region;
            this.type = type;
            this.userData = userData;
            this.sshKeyNames = List.copyOf(sshKeyNames);
            this.tags = Map.copyOf(tags);
        }
    }

    /** An instance type the fake sells: USD cents per hour, GPUs, and the regions with capacity now. */
    public record Type(String name, String description, int cents, int gpus, Set<String> regionsWithCapacity) {}

    private record Failure(int status, String code, String message) {}

    private final FakeHttpServer server = FakeHttpServer.start();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Type> types = new ConcurrentHashMap<>();
    private final Map<String, Inst> instances = new ConcurrentHashMap<>();
    private final Map<String, String[]> sshKeys = new ConcurrentHashMap<>();
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile String instanceIp = "127.0.0.1";

    public LambdaFake() {
        server.route(r -> true, this::serve);
        sell(new Type("gpu_1x_a10", "1x A10 (24 GB PCIe)", 75, 1, Set.of("us-east-1", "us-west-1")));
        sell(new Type("gpu_1x_a100", "1x A100 (40 GB PCIe)", 129, 1, Set.of("us-east-1", "us-west-1")));
        sell(new Type("gpu_8x_a100", "8x A100 (40 GB SXM4)", 1032, 8, Set.of("us-east-1", "us-west-1")));
    }

    /** The API's base URL, {@code http://127.0.0.1:PORT/api/v1}. */
    public URI uri() {
        return URI.create(server.uri() + "/api/v1");
    }

    /** Sells (or replaces) an instance type. */
    public void sell(Type type) {
        types.put(type.name(), type);
    }

    /** The regions with capacity for {@code type} from now on. */
    public void capacity(String type, Set<String> regions) {
        Type t = types.get(type);
        sell(new Type(t.name(), t.description(), t.cents(), t.gpus(), Set.copyOf(regions)));
    }

    /** The address instances get. */
    public void instanceIp(String ip) {
        this.instanceIp = ip;
    }

    /** The instances, by id (a test removes one to make it vanish). */
    public Map<String, Inst> instances() {
        return instances;
    }

    /** The registered SSH keys' public keys by name. */
    public Map<String, String> sshKeys() {
        Map<String, String> out = new LinkedHashMap<>();
        sshKeys.values().forEach(k -> out.put(k[0], k[1]));
        return out;
    }

    /** The next {@code times} requests to {@code path} (e.g. {@code instance-operations/launch}) fail with this answer. */
    public void fail(String path, int status, String code, String message, int times) {
        Deque<Failure> q = failures.computeIfAbsent(path, p -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(new Failure(status, code, message));
        }
    }

    /** Every request received so far. */
    public List<Request> requests() {
        return server.requests();
    }

    /** The requests to {@code path} (below {@code /api/v1/}) with {@code method}. */
    public List<Request> requests(String method, String path) {
        return requests().stream().filter(r -> r.method().equals(method) && r.path().equals("/api/v1/" + path)).toList();
    }

    private Reply serve(Request r) throws IOException {
        if (!("Bearer " + API_KEY).equals(r.header("Authorization"))) {
            return error(401, "global/invalid-api-key", "API key was invalid, expired, or deleted.",
                    "Check your API key or create a new one, then try again.");
        }
        String path = r.path().replaceFirst("^/api/v1/", "");
        Deque<Failure> q = failures.get(path);
        Failure f = q == null ? null : q.poll();
        if (f != null) {
            return error(f.status(), f.code(), f.message(), "");
        }
        String route = path.matches("(instances|ssh-keys)/[^/]+") ? path.replaceAll("/[^/]+$", "/{id}") : path;
        return switch (r.method() + " " + route) {
            case "GET instance-types" -> ok(instanceTypes());
            case "POST instance-operations/launch" -> launch(json.readTree(r.body()));
            case "POST instance-operations/terminate" -> terminate(json.readTree(r.body()));
            case "GET instances" -> ok(list());
            case "GET instances/{id}" -> get(path.substring("instances/".length()));
            case "GET ssh-keys" -> ok(keys());
            case "POST ssh-keys" -> addKey(json.readTree(r.body()));
            case "DELETE ssh-keys/{id}" -> deleteKey(path.substring("ssh-keys/".length()));
            case "GET file-systems" -> ok(json.createArrayNode());
            default -> error(404, "global/object-does-not-exist", "no route " + r.method() + " " + r.path(), "");
        };
    }

    private ObjectNode instanceTypes() {
        ObjectNode data = json.createObjectNode();
        types.values().forEach(t -> {
            ObjectNode entry = data.putObject(t.name());
            ObjectNode it = entry.putObject("instance_type");
            it.put("name", t.name()).put("description", t.description()).put("gpu_description", t.description())
                    .put("price_cents_per_hour", t.cents());
            it.putObject("specs").put("vcpus", 30 * t.gpus()).put("memory_gib", 200 * t.gpus()).put("storage_gib", 512)
                    .put("gpus", t.gpus());
            ArrayNode regions = entry.putArray("regions_with_capacity_available");
            t.regionsWithCapacity().stream().sorted().forEach(reg -> regions.addObject().put("name", reg).put("description", reg));
        });
        return data;
    }

    private Reply launch(JsonNode body) {
        String region = body.path("region_name").asText();
        Type type = types.get(body.path("instance_type_name").asText());
        if (type == null) {
            return error(400, "global/invalid-parameters", "Invalid instance type", "");
        }
        if (!type.regionsWithCapacity().contains(region)) {
            return error(400, "instance-operations/launch/insufficient-capacity", "Not enough capacity to fulfill launch request.",
                    "Choose an instance type with more availability, or try again later.");
        }
        List<String> keyNames = new ArrayList<>();
        body.path("ssh_key_names").forEach(k -> keyNames.add(k.asText()));
        if (keyNames.size() != 1 || sshKeys.values().stream().noneMatch(k -> k[0].equals(keyNames.get(0)))) {
            return error(400, "global/invalid-parameters", "Exactly one existing SSH key must be specified", "");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        body.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        ObjectNode data = json.createObjectNode();
        ArrayNode launched = data.putArray("instance_ids");
        for (int i = 0; i < Math.max(1, body.path("quantity").asInt(1)); i++) {
            String id = "inst-" + ids.incrementAndGet();
            instances.put(id, new Inst(id, body.path("name").asText(""), region, type.name(), body.path("user_data").asText(""),
                    keyNames, tags));
            launched.add(id);
        }
        return ok(data);
    }

    private Reply terminate(JsonNode body) {
        ObjectNode data = json.createObjectNode();
        ArrayNode done = data.putArray("terminated_instances");
        for (JsonNode id : body.path("instance_ids")) {
            Inst i = instances.get(id.asText());
            if (i == null) {
                return error(404, "global/object-does-not-exist", "Specified instance does not exist.", "");
            }
            i.status = "terminated";
            done.add(node(i));
        }
        return ok(data);
    }

    private ArrayNode list() {
        ArrayNode out = json.createArrayNode();
        instances.values().stream().filter(i -> !i.status.equals("terminated")).forEach(i -> out.add(look(i)));
        return out;
    }

    private Reply get(String id) {
        Inst i = instances.get(id);
        return i == null ? error(404, "global/object-does-not-exist", "Specified instance does not exist.", "") : ok(look(i));
    }

    /** The instance as the API shows it; a booting one is active from its next look on. */
    private ObjectNode look(Inst i) {
        ObjectNode n = node(i);
        if (i.status.equals("booting")) {
            i.status = "active";
        }
        return n;
    }

    private ObjectNode node(Inst i) {
        ObjectNode n = json.createObjectNode().put("id", i.id).put("name", i.name).put("status", i.status);
        if (!i.status.equals("booting")) {
            n.put("ip", instanceIp).put("private_ip", "10.0.0." + i.id.substring(5));
        }
        n.putObject("region").put("name", i.region).put("description", i.region);
        n.putObject("instance_type").put("name", i.type);
        i.sshKeyNames.forEach(n.putArray("ssh_key_names")::add);
        ArrayNode tags = n.putArray("tags");
        i.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        return n;
    }

    private ArrayNode keys() {
        ArrayNode out = json.createArrayNode();
        sshKeys.forEach((id, k) -> out.addObject().put("id", id).put("name", k[0]).put("public_key", k[1]));
        return out;
    }

    private Reply addKey(JsonNode body) {
        String name = body.path("name").asText();
        if (sshKeys.values().stream().anyMatch(k -> k[0].equals(name))) {
            return error(400, "global/invalid-parameters", "SSH key with name " + name + " already exists", "");
        }
        String id = "key-" + ids.incrementAndGet();
        sshKeys.put(id, new String[] {name, body.path("public_key").asText()});
        return ok(json.createObjectNode().put("id", id).put("name", name).put("public_key", body.path("public_key").asText()));
    }

    private Reply deleteKey(String id) {
        return sshKeys.remove(id) == null ? error(404, "global/object-does-not-exist", "Specified SSH key does not exist.", "")
                : ok(json.createObjectNode());
    }

    private Reply ok(JsonNode data) {
        ObjectNode body = json.createObjectNode();
        body.set("data", data);
        return Reply.json(200, body.toString());
    }

    private Reply error(int status, String code, String message, String suggestion) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message).put("suggestion", suggestion);
        return Reply.json(status, body.toString());
    }

    @Override
    public void close() {
        server.close();
    }
}

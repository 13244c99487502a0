package dev.skyrun.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small typed client of Lambda Cloud's public REST API ({@code /api/v1}): instance types with
 * the regions that have capacity now, launch, terminate, instances, SSH keys and file systems.
 * Authenticates with {@code Authorization: Bearer KEY}; the key never appears in a message.
 * An error answer throws {@link LambdaApiError}; {@link LambdaErrors} retries and translates.
 *
 * <pre>{@code
 * LambdaApi api = new LambdaApi(URI.create("https://cloud.lambdalabs.com/api/v1"), key, Duration.ofSeconds(30));
 * List<LambdaApi.InstanceType> types = api.instanceTypes();
 * }</pre>
 */
final class LambdaApi {

    /** An instance type: what it is, its price and the regions that have capacity for it now. */
    record InstanceType(String name, String description, long priceCentsPerHour, int vcpus, int memoryGib, int gpus,
            List<String> regionsWithCapacity) {

        /** USD per hour. */
        double pricePerHour() {
            return priceCentsPerHour / 100.0;
        }
    }

    /** One instance as the API lists it ({@code status}: booting, active, unhealthy, terminating, terminated...). */
    record Instance(String id, String name, String status, String ip, String privateIp, String region, String instanceType,
            Map<String, String> tags) {}

    /** An SSH key of the account. */
    record SshKey(String id, String name, String publicKey) {}

    /** A persistent file system of the account. */
    record FileSystem(String id, String name, String region, boolean inUse) {}

    /** What a launch asks: one instance type in one region, {@code quantity} of them, started with {@code userData}. */
    record Launch(String region, String instanceType, String sshKeyName, int quantity, String name, String userData,
            Map<String, String> tags) {}

    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    LambdaApi(URI base, String apiKey, Duration timeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code GET /instance-types}: every instance type, with the regions that have capacity for it now. */
    List<InstanceType> instanceTypes() {
        List<InstanceType> out = new ArrayList<>();
        get("instance-types").path("data").properties().forEach(e -> {
            JsonNode t = e.getValue().path("instance_type");
            JsonNode specs = t.path("specs");
            List<String> regions = new ArrayList<>();
            e.getValue().path("regions_with_capacity_available").forEach(r -> regions.add(r.path("name").asText()));
            out.add(new InstanceType(t.path("name").asText(e.getKey()), t.path("description").asText(""),
                    t.path("price_cents_per_hour").asLong(), specs.path("vcpus").asInt(), specs.path("memory_gib").asInt(),
                    specs.path("gpus").asInt(), List.copyOf(regions)));
        });
        return out;
    }

    /** {@code POST /instance-operations/launch}: the ids of the instances it started. */
    List<String> launch(Launch launch) {
        ObjectNode body = json.createObjectNode();
        body.put("region_name", launch.region()).put("instance_type_name", launch.instanceType())
                .put("quantity", launch.quantity()).put("name", launch.name()).put("user_data", launch.userData());
        body.putArray("ssh_key_names").add(launch.sshKeyName());
        var tags = body.putArray("tags");
        launch.tags().forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        List<String> ids = new ArrayList<>();
        post("instance-operations/launch", body).path("data").path("instance_ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** {@code POST /instance-operations/terminate}: asks these instances terminated. */
    void terminate(List<String> ids) {
        ObjectNode body = json.createObjectNode();
        ids.forEach(body.putArray("instance_ids")::add);
        post("instance-operations/terminate", body);
    }

    /** {@code GET /instances}: the account's instances that are not terminated. */
    List<Instance> instances() {
        List<Instance> out = new ArrayList<>();
        get("instances").path("data").forEach(i -> out.add(instance(i)));
        return out;
    }

    /** {@code GET /instances/ID}: the instance, empty once the API no longer knows it. */
    Optional<Instance> instance(String id) {
        try {
            return Optional.of(instance(get("instances/" + id).path("data")));
        } catch (LambdaApiError e) {
            if (e.status() == 404 || LambdaApiError.NOT_FOUND.equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** {@code GET /ssh-keys}. */
    List<SshKey> sshKeys() {
        List<SshKey> out = new ArrayList<>();
        get("ssh-keys").path("data").forEach(k -> out.add(new SshKey(k.path("id").asText(), k.path("name").asText(),
                k.path("public_key").asText(""))));
        return out;
    }

    /** {@code POST /ssh-keys} with our public key (the API never sees a private key of ours). */
    SshKey addSshKey(String name, String publicKey) {
        ObjectNode body = json.createObjectNode().put("name", name).put("public_key", publicKey);
        JsonNode k = post("ssh-keys", body).path("data");
        return new SshKey(k.path("id").asText(), k.path("name").asText(name), publicKey);
    }

    /** {@code DELETE /ssh-keys/ID}; absent is fine. */
    void deleteSshKey(String id) {
        try {
            send(HttpRequest.newBuilder(base.resolve("ssh-keys/" + id)).DELETE());
        } catch (LambdaApiError e) {
            if (e.status() != 404 && !LambdaApiError.NOT_FOUND.equals(e.code())) {
                throw e;
            }
        }
    }

    /** {@code GET /file-systems}. */
    List<FileSystem> fileSystems() {
        List<FileSystem> out = new ArrayList<>();
        get("file-systems").path("data").forEach(f -> out.add(new FileSystem(f.path("id").asText(), f.path("name").asText(),
                f.path("region").path("name").asText(""), f.path("is_in_use").asBoolean())));
        return out;
    }

    private static Instance instance(JsonNode i) {
        java.util.Map<String, String> tags = new java.util.LinkedHashMap<>();
        i.path("tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        return new Instance(i.path("id").asText(), i.path("name").asText(""), i.path("status").asText(""),
                i.path("ip").asText(""), i.path("private_ip").asText(""), i.path("region").path("name").asText(""),
                i.path("instance_type").path("name").asText(""), Map.copyOf(tags));
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    private JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest r = request.header("Authorization", "Bearer " + apiKey).header("Accept", "application/json")
                .timeout(timeout).build();
        HttpResponse<String> answer;
        try {
            answer = http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LambdaApiError(0, "unreachable", r.method() + " " + r.uri().getPath() + ": " + e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LambdaApiError(0, "interrupted", r.method() + " " + r.uri().getPath() + " was interrupted", "");
        }
        JsonNode body = parse(answer.body());
        if (answer.statusCode() / 100 != 2) {
            JsonNode error = body.path("error");
            throw new LambdaApiError(answer.statusCode(), error.path("code").asText("HTTP " + answer.statusCode()),
                    error.path("message").asText("HTTP " + answer.statusCode()), error.path("suggestion").asText(""));
        }
        return body;
    }

    private JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}

package dev.skyrun.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.FakeHttpServer.Request;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback fake of Key Vault's secrets REST API (7.x): set ({@code PUT /secrets/NAME}), get,
 * list ({@code GET /secrets}) and delete, with the documented bodies ({@code value}, {@code id},
 * {@code contentType}, {@code tags}, {@code attributes}) and error body. It runs on its own server,
 * so a test can tell what reached the vault from what reached Resource Manager.
 */
final class KeyVaultFake implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeHttpServer http = FakeHttpServer.start();
    /** Secret name to its stored JSON. */
    final Map<String, ObjectNode> secrets = new ConcurrentHashMap<>();

    KeyVaultFake() {
        http.route(r -> r.path().startsWith("/secrets"), this::serve);
        http.route(r -> r.path().startsWith("/deletedsecrets/"), r -> notFound(r.path().substring("/deletedsecrets/".length())));
    }

    String url() {
        return http.uri().toString();
    }

    private Reply serve(Request r) throws IOException {
        String name = r.path().length() > "/secrets/".length() ? r.path().substring("/secrets/".length()) : "";
        if (name.isEmpty() && r.method().equals("GET")) {
            ObjectNode page = JSON.createObjectNode();
            ArrayNode value = page.putArray("value");
            secrets.values().forEach(s -> value.addObject().put("id", s.get("id").asText()).set("tags", s.get("tags")));
            return Reply.json(200, page.toString());
        }
        return switch (r.method()) {
            case "PUT" -> {
                ObjectNode s = (ObjectNode) JSON.readTree(r.body());
                s.put("id", url() + "/secrets/" + name + "/0123456789abcdef");
                s.putObject("attributes").put("enabled", true).put("recoveryLevel", "Recoverable+Purgeable").put("created", 1767225600);
                secrets.put(name, s);
                yield Reply.json(200, s.toString());
            }
            case "GET" -> secrets.containsKey(name) ? Reply.json(200, secrets.get(name).toString()) : notFound(name);
            case "DELETE" -> {
                ObjectNode s = secrets.remove(name);
                yield s == null ? notFound(name) : Reply.json(200, s.put("recoveryId", url() + "/deletedsecrets/" + name).toString());
            }
            default -> Reply.json(405, "{}");
        };
    }

    private static Reply notFound(String name) {
        return Reply.json(404, "{\"error\":{\"code\":\"SecretNotFound\",\"message\":\"A secret with (name/id) " + name
                + " was not found in this key vault.\"}}");
    }

    @Override
    public void close() {
        http.close();
    }
}

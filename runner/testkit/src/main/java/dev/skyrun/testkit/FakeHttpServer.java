package dev.skyrun.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A loopback HTTP server for tests that answers like a provider's API and records every
 * request it received, so a test can assert what the real SDK client sent.
 *
 * <pre>{@code
 * try (FakeHttpServer fake = FakeHttpServer.start()) {
 *     fake.route(r -> r.path().startsWith("/compute/v1/"), r -> FakeHttpServer.Reply.json(200, "{...}"));
 *     URI endpoint = fake.uri();
 *     ...
 *     assertThat(fake.requests()).noneMatch(r -> r.body().contains(secret));
 * }
 * }</pre>
 *
 * <p>Routes are tried newest first; an unmatched request gets 501 with the request line in the
 * body, which shows up in the SDK's error. It binds 127.0.0.1 only.
 */
public final class FakeHttpServer implements AutoCloseable {

    /** A request as the server received it. */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        /** The first value of a header (case-insensitive), or null. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The query string's parameters, decoded. */
        public Map<String, String> params() {
            return form(query);
        }
    }

    /** {@code a=1&b=x%20y} (a query string or a form-encoded body) as its decoded names and values, in order. */
    public static Map<String, String> form(String raw) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                out.put(java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** A reply to send: status, content type, body and extra headers. */
    public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        /** A JSON reply. */
        public static Reply json(int status, String json) {
            return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        /** An XML reply. */
        public static Reply xml(int status, String xml) {
            return new Reply(status, "text/xml;charset=UTF-8", xml.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    /** Answers one kind of request. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws IOException;
    }

    private record Route(Predicate<Request> matches, Handler handler) {}

    private final HttpServer server;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on an ephemeral port of 127.0.0.1. */
    public static FakeHttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FakeHttpServer fake = new FakeHttpServer(s);
            s.createContext("/", fake::serve);
            s.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-http");
                t.setDaemon(true);
                return t;
            }));
            s.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a route; later routes take precedence over earlier ones. */
    public FakeHttpServer route(Predicate<Request> matches, Handler handler) {
        routes.add(0, new Route(matches, handler));
        return this;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request received so far, in arrival order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            URI u = ex.getRequestURI();
            byte[] raw = ex.getRequestBody().readAllBytes();
            if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                // Google's API clients gzip JSON bodies (a bucket insert); a real server reads them decoded.
                raw = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes();
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            Request req = new Request(ex.getRequestMethod(), u.getRawPath(), u.getRawQuery() == null ? "" : u.getRawQuery(),
                    Map.copyOf(ex.getRequestHeaders()), body);
            requests.add(req);
            Reply reply = dispatch(req);
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            byte[] bytes = reply.body();
            ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                ex.getResponseBody().write(bytes);
            }
        }
    }

    private Reply dispatch(Request req) {
        for (Route r : new ArrayList<>(routes)) {
            if (r.matches().test(req)) {
                try {
                    return r.handler().handle(req);
                } catch (IOException | RuntimeException e) {
                    return new Reply(500, "text/plain", ("fake failed: " + e).getBytes(StandardCharsets.UTF_8), Map.of());
                }
            }
        }
        String msg = "no fake route for " + req.method() + " " + req.path() + (req.query().isEmpty() ? "" : "?" + req.query());
        return new Reply(501, "text/plain", msg.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

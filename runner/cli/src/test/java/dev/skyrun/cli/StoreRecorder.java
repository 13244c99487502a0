package dev.skyrun.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy in front of the object store of a test (S3Mock, azurite) that records
 * each request line it forwards ({@code GET /bucket/key}): what the store saw, as a test asserts it.
 * S3Mock keeps no bucket tags, so the proxy answers S3's GetBucketTagging ({@code GET /bucket?tagging})
 * itself, with the tags the bucket's CreateBucket carried through it, in S3's documented shape.
 */
final class StoreRecorder implements AutoCloseable {

    private static final Set<String> HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI upstream;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> bodies = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String failing = null;
    private volatile String holding = null;

    private StoreRecorder(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::forward);
        server.start();
    }

    /** A recorder forwarding to {@code upstream}. */
    static StoreRecorder in(URI upstream) throws IOException {
        return new StoreRecorder(upstream);
    }

    /** Its address: the endpoint to give the store's clients. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The request lines seen so far, e.g. {@code GET /bucket/a/b.txt}. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    /** The body of the last request with this request line ({@code PUT /bucket}), as text; empty when none had one. */
    String bodyOf(String requestLine) {
        return bodies.getOrDefault(requestLine, "");
    }

    /**
     * Answers every request whose line (with its query, if any: {@code GET /bucket?tagging}) starts with
     * {@code requestLinePrefix} ({@code DELETE /bucket}) with 503
     * instead of forwarding it, as a store that fails; null forwards everything again.
     */
    void failing(String requestLinePrefix) {
        failing = requestLinePrefix;
    }

    /**
     * Holds every request whose line starts with {@code requestLinePrefix} unanswered, as a store that hangs, until
     * {@code holding(null)}; then answers those with 503.
     */
    void holding(String requestLinePrefix) {
        holding = requestLinePrefix;
    }

    /** Waits until a request whose line starts with {@code prefix} was seen; fails after {@code max}. */
    void awaitSeen(String prefix, java.time.Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (seen.stream().noneMatch(l -> l.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no request " + prefix + " in " + max + "; seen: " + seen);
            }
            Thread.sleep(50);
        }
    }

    private void forward(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        String line = ex.getRequestMethod() + " " + path;
        seen.add(line);
        byte[] body = ex.getRequestBody().readAllBytes();
        if (body.length > 0 && body.length < (64 << 10)) {
            bodies.put(line, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
        String hold = holding;
        if (hold != null && line.startsWith(hold)) {
            while (holding != null) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            ex.sendResponseHeaders(503, -1);
            ex.close();
            return;
        }
        String fail = failing;
        if (fail != null && (line + (query == null ? "" : "?" + query)).startsWith(fail)) {
            ex.sendResponseHeaders(503, -1);
            ex.close();
            return;
        }
        if (ex.getRequestMethod().equals("GET") && query != null && query.startsWith("tagging")) {
            answerTagging(ex, path);
            return;
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(upstream.resolve(path + (query == null ? "" : "?" + query)))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, values) -> {
            if (!HOP.contains(k.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> req.header(k, v));
            }
        });
        try {
            HttpResponse<byte[]> r = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            boolean head = ex.getRequestMethod().equals("HEAD");
            r.headers().map().forEach((k, values) -> {
                String key = k.toLowerCase(Locale.ROOT);
                if (!key.startsWith(":") && (!HOP.contains(key) || head && key.equals("content-length"))) {
                    values.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            byte[] out = r.body();
            ex.sendResponseHeaders(r.statusCode(), head || out.length == 0 ? -1 : out.length);
            if (!head && out.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(502, -1);
        } finally {
            ex.close();
        }
    }

    /** GetBucketTagging: the Tag elements of the bucket's CreateBucket body, or S3's NoSuchTagSet when it had none. */
    private void answerTagging(HttpExchange ex, String path) throws IOException {
        java.util.regex.Matcher tag = java.util.regex.Pattern.compile("<Tag><Key>[^<]*</Key><Value>[^<]*</Value></Tag>")
                .matcher(bodies.getOrDefault("PUT " + path, ""));
        StringBuilder tags = new StringBuilder();
        while (tag.find()) {
            tags.append(tag.group());
        }
        String xml = tags.isEmpty()
                ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchTagSet</Code><Message>The TagSet does not"
                        + " exist</Message><BucketName>" + path.substring(1) + "</BucketName></Error>"
                : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + "<TagSet>" + tags + "</TagSet></Tagging>";
        byte[] out = xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        ex.sendResponseHeaders(tags.isEmpty() ? 404 : 200, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

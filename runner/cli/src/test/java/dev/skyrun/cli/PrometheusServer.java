package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code .ci/run} installs) on
 * loopback with a temporary config and a free port, scraping every second a tiny exporter served
 * by the test itself: one gauge, {@code fusion_latency_p95_ms}, whose value the test sets or
 * removes. Closing it kills the server and stops the exporter.
 */
final class PrometheusServer implements AutoCloseable {

    /** The gauge the exporter serves. */
    static final String METRIC = "fusion_latency_p95_ms";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer exporter;
    private final Process prometheus;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile Optional<Double> latency = Optional.of(100.0);
    private final Thread killer;

    private PrometheusServer(HttpServer exporter, Process prometheus, int port) {
        this.exporter = exporter;
        this.prometheus = prometheus;
        this.port = port;
        this.killer = new Thread(prometheus::destroyForcibly, "kill-test-prometheus");
    }

    /** Starts the exporter and the server in {@code dir}, and waits until the server has scraped the exporter. */
    static PrometheusServer start(Path dir) throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        assertThat(binary).as("Debian's prometheus package (.ci/run installs it: apt-get install prometheus)")
                .isExecutable();
        HttpServer exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int port = freePort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s, evaluation_interval: 1s, scrape_timeout: 900ms}
                scrape_configs:
                  - job_name: fusion
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(exporter.getAddress().getPort()));
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn").redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(exporter, p, port);
        Runtime.getRuntime().addShutdownHook(server.killer);
        try {
            exporter.createContext("/metrics", x -> {
                byte[] body = server.latency.map(v -> "# TYPE " + METRIC + " gauge\n" + METRIC + " " + v + "\n")
                        .orElse("# nothing to export\n").getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                x.sendResponseHeaders(200, body.length);
                try (OutputStream o = x.getResponseBody()) {
                    o.write(body);
                }
            });
            exporter.start();
            server.await("the server to scrape the exporter", () -> server.value(METRIC).isPresent(), dir);
            return server;
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    /** The server's base URL. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Sets the exported latency and waits until a query sees it. */
    void latency(double value) throws Exception {
        latency = Optional.of(value);
        await(METRIC + " = " + value, () -> value(METRIC).filter(v -> v == value).isPresent(), null);
    }

    /** Stops exporting the metric and waits until a query finds no series (Prometheus marks it stale). */
    void removeMetric() throws Exception {
        latency = Optional.empty();
        await(METRIC + " gone", () -> value(METRIC).isEmpty(), null);
    }

    /** The value of an instant query with one series, if it has one. */
    Optional<Double> value(String query) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> answer = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                // while it starts (reading its write-ahead log) the server answers 503 "Service Unavailable" in text
                return Optional.empty();
            }
            JsonNode rsp = JSON.readTree(answer.body());
            JsonNode result = rsp.at("/data/result");
            return result.isArray() && result.size() == 1 ? Optional.of(result.get(0).at("/value/1").asDouble())
                    : Optional.empty();
        } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
            return Optional.empty();
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void await(String what, Check check, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited " + prometheus.exitValue() + (dir == null ? ""
                        : ": " + Files.readString(dir.resolve("prometheus.log"))));
            }
            if (check.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Whether the server process still runs (tests assert it is gone after close). */
    boolean alive() {
        return prometheus.isAlive();
    }

    @Override
    public void close() {
        prometheus.destroy();
        try {
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            prometheus.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        exporter.stop(0);
        http.close();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

}

package dev.skyrun.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.skyrun.spec.SloSource;
import dev.skyrun.spec.SloSpec;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading SLOs from a loopback HTTP server answering as Prometheus's API and a JSON endpoint do, and from a file. */
class SloSourcesTest {

    @TempDir
    Path dir;

    HttpServer server;
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final Map<String, String> queries = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            String path = x.getRequestURI().getPath();
            if (x.getRequestURI().getQuery() != null) {
                queries.put(path, x.getRequestURI().getQuery());
            }
            byte[] body = answers.getOrDefault(path, "{}").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(answers.containsKey(path) ? 200 : 404, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** An SLO read every 5 s: its HTTP timeout is the interval, and a loaded machine may need more than 1 s for a first request. */
    static SloSpec slo(SloSource source, Double min, Double max) {
        return new SloSpec("s", source, Optional.ofNullable(min), Optional.ofNullable(max), Duration.ofSeconds(5), 3,
                SloSpec.MissingData.IGNORE);
    }

    SloReading read(SloSpec s) {
        try (SloSources sources = new SloSources(dir)) {
            return sources.read(s);
        }
    }

    @Test
    void aPrometheusVectorIsJudgedByItsWorstSeriesAndTheQueryIsSentAsTheApiWantsIt() {
        answers.put("/api/v1/query", """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"pod":"a"},"value":[1733550000.1,"120"]},{"metric":{"pod":"b"},"value":[1733550000.1,"310.5"]}]}}
                """);
        SloReading r = read(slo(new SloSource.Prometheus(url() + "/", "max by (pod) (p95_ms{job=\"fusion\"})"), null, 250.0));
        assertThat(r.outcome()).isEqualTo(SloReading.Outcome.FAIL);
        assertThat(r.value()).contains(310.5);
        assertThat(r.detail()).endsWith("= 310.5, does not meet <= 250 (worst of 2 series)");
        assertThat(java.net.URLDecoder.decode(queries.get("/api/v1/query"), StandardCharsets.UTF_8))
                .isEqualTo("query=max by (pod) (p95_ms{job=\"fusion\"})");

        SloReading low = read(slo(new SloSource.Prometheus(url(), "avail"), 0.99, null));
        assertThat(low.value()).as("against a min the worst is the smallest").contains(120.0);
    }

    @Test
    void anEmptyResultAnErrorAnswerOrNoServerIsMissingAndSaysWhy() {
        answers.put("/api/v1/query", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        SloReading empty = read(slo(new SloSource.Prometheus(url(), "absent_metric"), null, 1.0));
        assertThat(empty.outcome()).isEqualTo(SloReading.Outcome.MISSING);
        assertThat(empty.detail()).endsWith("query absent_metric: no value");

        answers.put("/api/v1/query", "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 4\"}");
        assertThat(read(slo(new SloSource.Prometheus(url(), "max("), null, 1.0)).detail())
                .endsWith("prometheus answered bad_data: parse error at char 4");

        int port = server.getAddress().getPort();
        server.stop(0);
        SloReading down = read(new SloSpec("s", new SloSource.HttpJson("http://127.0.0.1:" + port + "/h", "/p"), Optional.empty(),
                Optional.of(1.0), Duration.ofSeconds(1), 3, SloSpec.MissingData.IGNORE)); // a timeout, or refused: MISSING either way
        assertThat(down.outcome()).isEqualTo(SloReading.Outcome.MISSING);
        assertThat(down.value()).isEmpty();
    }

    @Test
    void anHttpEndpointOrAFileIsReadAtItsPointer() throws Exception {
        answers.put("/health", "{\"latency\": {\"p95_ms\": 180}, \"rate\": \"0.004\", \"name\": \"fusion\"}");
        SloReading ok = read(slo(new SloSource.HttpJson(url() + "/health", "/latency/p95_ms"), null, 250.0));
        assertThat(ok.outcome()).isEqualTo(SloReading.Outcome.PASS);
        assertThat(ok.value()).contains(180.0);
        assertThat(read(slo(new SloSource.HttpJson(url() + "/health", "/rate"), null, 0.01)).value()).contains(0.004);
        assertThat(read(slo(new SloSource.HttpJson(url() + "/health", "/nope"), null, 1.0)).outcome())
                .isEqualTo(SloReading.Outcome.MISSING);
        assertThat(read(slo(new SloSource.HttpJson(url() + "/health", "/name"), null, 1.0)).detail())
                .endsWith("the value at /name is not a number");
        assertThat(read(slo(new SloSource.HttpJson(url() + "/gone", "/x"), null, 1.0)).detail()).endsWith("HTTP 404");

        Files.createDirectories(dir.resolve("slo"));
        Files.writeString(dir.resolve("slo/current.json"), "{\"availability\": 0.97}");
        SloReading file = read(slo(new SloSource.JsonFile("slo/current.json", "/availability"), 0.99, null));
        assertThat(file.outcome()).isEqualTo(SloReading.Outcome.FAIL);
        assertThat(file.detail()).isEqualTo("file slo/current.json pointer /availability = 0.97, does not meet >= 0.99");
        assertThat(read(slo(new SloSource.JsonFile("../../../../../../../../etc/hostname", ""), null, 1.0)).detail())
                .contains("leaves the spec's repository");
    }
}

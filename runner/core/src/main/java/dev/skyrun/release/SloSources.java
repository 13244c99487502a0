package dev.skyrun.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.spec.Numbers;
import dev.skyrun.spec.SloSource;
import dev.skyrun.spec.SloSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads SLOs from their sources: a Prometheus server's HTTP API ({@code GET /api/v1/query}, an
 * instant query), an HTTP endpoint answering JSON, or a JSON file beside the pipeline spec. A
 * source that cannot be read, or has no value, gives a MISSING reading naming why; it never throws.
 */
public final class SloSources implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY = 4L << 20;

    private final HttpClient http;
    private final Path specDir;

    /** Sources for a pipeline whose spec lies in {@code specDir} (file sources are relative to it). */
    public SloSources(Path specDir) {
        this.specDir = specDir;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Reads an SLO now. */
    public SloReading read(SloSpec slo) {
        Instant at = Instant.now();
        try {
            List<Double> values = values(slo);
            if (values.isEmpty()) {
                return missing(slo, at, "no value");
            }
            double worst = worst(slo, values);
            boolean met = slo.met(worst);
            return new SloReading(slo.name(), at, Optional.of(worst), met ? SloReading.Outcome.PASS : SloReading.Outcome.FAIL,
                    slo.source().describe() + " = " + Numbers.text(worst) + (met ? ", meets " : ", does not meet ")
                            + slo.threshold() + (values.size() > 1 ? " (worst of " + values.size() + " series)" : ""));
        } catch (IOException | RuntimeException e) {
            return missing(slo, at, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return missing(slo, at, "interrupted");
        }
    }

    private static SloReading missing(SloSpec slo, Instant at, String why) {
        return new SloReading(slo.name(), at, Optional.empty(), SloReading.Outcome.MISSING,
                slo.source().describe() + ": " + why);
    }

    /** The worst of several values: the largest against a max, the smallest against a min. */
    private static double worst(SloSpec slo, List<Double> values) {
        return slo.max().isPresent() ? values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                : values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private List<Double> values(SloSpec slo) throws IOException, InterruptedException {
        Duration timeout = slo.interval().compareTo(Duration.ofSeconds(10)) < 0 && slo.interval().toMillis() >= 500
                ? slo.interval() : Duration.ofSeconds(10);
        return switch (slo.source()) {
            case SloSource.Prometheus p -> prometheus(get(p.url().replaceAll("/+$", "") + "/api/v1/query?query="
                    + URLEncoder.encode(p.query(), StandardCharsets.UTF_8), timeout));
            case SloSource.HttpJson h -> number(get(h.url(), timeout), h.pointer());
            case SloSource.JsonFile f -> number(file(f.path()), f.pointer());
        };
    }

    private JsonNode get(String url, Duration timeout) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> rsp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (rsp.body().length > MAX_BODY) {
            throw new IOException("answer larger than " + (MAX_BODY >> 20) + " MiB");
        }
        if (rsp.statusCode() / 100 != 2 && rsp.statusCode() != 400 && rsp.statusCode() != 422) {
            throw new IOException("HTTP " + rsp.statusCode());
        }
        return JSON.readTree(rsp.body());
    }

    private JsonNode file(String relative) throws IOException {
        Optional<String> outside = dev.skyrun.spec.SpecRepository.of(specDir.resolve("pipeline.yaml")).outside(relative);
        if (outside.isPresent()) {
            throw new IOException(relative + " " + outside.get());
        }
        Path p = specDir.resolve(relative).normalize();
        if (Files.size(p) > MAX_BODY) {
            throw new IOException("file larger than " + (MAX_BODY >> 20) + " MiB");
        }
        return JSON.readTree(Files.readAllBytes(p));
    }

    /** The sample values of a Prometheus API answer: a vector's (one per series) or a scalar's. */
    static List<Double> prometheus(JsonNode rsp) throws IOException {
        if (!"success".equals(rsp.path("status").asText())) {
            throw new IOException("prometheus answered " + rsp.path("errorType").asText("an error") + ": "
                    + rsp.path("error").asText(rsp.toString()));
        }
        JsonNode data = rsp.path("data");
        List<Double> out = new ArrayList<>();
        switch (data.path("resultType").asText()) {
            case "vector" -> data.path("result").forEach(s -> sample(s.path("value")).ifPresent(out::add));
            case "scalar" -> sample(data.path("result")).ifPresent(out::add);
            default -> throw new IOException("the query's result is a " + data.path("resultType").asText()
                    + "; an SLO needs an instant vector or a scalar");
        }
        return out;
    }

    private static Optional<Double> sample(JsonNode pair) {
        double v = parse(pair.path(1).asText("NaN"));
        return Double.isNaN(v) ? Optional.empty() : Optional.of(v);
    }

    private static List<Double> number(JsonNode doc, String pointer) throws IOException {
        JsonNode v = doc.at(pointer);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        double d = v.isNumber() ? v.asDouble() : v.isTextual() ? parse(v.asText()) : Double.NaN;
        if (Double.isNaN(d)) {
            throw new IOException("the value at " + (pointer.isEmpty() ? "the document" : pointer) + " is not a number");
        }
        return List.of(d);
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}

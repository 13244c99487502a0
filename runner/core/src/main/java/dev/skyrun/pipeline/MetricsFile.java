package dev.skyrun.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.manifest.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the metrics a job wrote: a JSON object whose values are numbers.
 *
 * <pre>{@code
 * {"eval_accuracy": 0.86, "p95_ms": 180, "safety_pass_rate": 1.0}
 * }</pre>
 */
public final class MetricsFile {

    /** The most a metrics file may hold. */
    static final long MAX_BYTES = 1 << 20;

    /** A metric name: the rule of {@code $defs/metric_name} in schemas/task.schema.json. */
    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*([.-][A-Za-z0-9_]+)*");

    private MetricsFile() {}

    /**
     * Reads a stage's metrics.
     *
     * @param file where the job's metrics file landed on this machine
     * @param stage the stage, for messages
     * @param declared the path the spec declares ({@code metrics:}), for messages
     * @throws StageFailedException when the file is missing, too large, or not an object of numbers
     */
    public static Map<String, Double> read(Path file, String stage, String declared) throws StageFailedException {
        if (!Files.isRegularFile(file)) {
            throw new StageFailedException("stage " + stage + " wrote no metrics file at " + declared
                    + " (the spec's metrics: path); write a JSON object of numbers there");
        }
        JsonNode n;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new StageFailedException("stage " + stage + ": metrics file " + declared + " is larger than 1 MiB");
            }
            n = CanonicalJson.parse(Files.readAllBytes(file));
        } catch (IOException | IllegalArgumentException e) {
            throw new StageFailedException("stage " + stage + ": metrics file " + declared + " is not valid JSON: "
                    + e.getMessage());
        }
        if (!n.isObject()) {
            throw new StageFailedException("stage " + stage + ": metrics file " + declared
                    + " must hold a JSON object of numbers, got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            if (!NAME.matcher(e.getKey()).matches() || e.getKey().length() > 128) {
                throw new StageFailedException("stage " + stage + ": metric name '" + e.getKey() + "' in " + declared
                        + " is not valid: a letter or '_', then letters, digits and '_', parts joined by one '.' or '-',"
                        + " at most 128 characters");
            }
            if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue())) {
                throw new StageFailedException("stage " + stage + ": metric '" + e.getKey() + "' in " + declared
                        + " is " + e.getValue() + ", not a number");
            }
            metrics.put(e.getKey(), e.getValue().doubleValue());
        }
        return metrics;
    }
}

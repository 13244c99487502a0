package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SourceMap;
import dev.skyrun.schema.Suggestions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a task gets after its schema passed: its name, env and secret names, its
 * hardware ({@link ResourceChecks}), absolute non-overlapping mount and output paths (no
 * {@code ..}, nothing on the checkpoint dir), and gates that read metrics the task produces.
 *
 * <p>Metrics rule: a gate's metric must be produced by its task. A task produces metrics when
 * it declares {@code metrics:}; with {@code metrics: {path: ..., names: [a, b]}} it produces
 * exactly those names, with a bare path (or no names) it may produce any name.
 */
final class TaskChecks {

    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final SourceMap map;
    private final String at;
    private final List<Problem> problems = new ArrayList<>();

    private TaskChecks(SourceMap map, String pointer) {
        this.map = map;
        this.at = pointer;
    }

    /**
     * Every semantic problem of the task document {@code t} found at {@code pointer} of {@code map}; pinned regions
     * and zones are checked against {@code catalog}.
     */
    static List<Problem> check(JsonNode t, SourceMap map, String pointer, CatalogPlaces catalog) {
        TaskChecks c = new TaskChecks(map, pointer);
        c.name(t.path("name"));
        c.envNames(t.path("envs"), "envs", "environment variable");
        c.envNames(t.path("secrets"), "secrets", "secret");
        c.envAndSecret(t);
        new ResourceChecks(map, c.problems, catalog).check(t.path("resources"), SourceMap.child(pointer, "resources"));
        c.paths(t);
        c.mountModes(t);
        c.gitWorkdir(t.path("workdir"));
        c.gates(t);
        return c.problems;
    }

    /**
     * Envs the file leaves empty ({@code HF_TOKEN:} with no value) and {@code --env} does not give: SkyPilot refuses
     * to run such a task, and so does skyrun.
     */
    static List<Problem> unsetEnvs(JsonNode t, SourceMap map, String pointer, Set<String> given) {
        List<Problem> out = new ArrayList<>();
        t.path("envs").properties().forEach(e -> {
            if (e.getValue().isNull() && !given.contains(e.getKey())) {
                out.add(Problem.of(map.key(SourceMap.child(SourceMap.child(pointer, "envs"), e.getKey())),
                        "environment variable '" + e.getKey() + "' has no value",
                        "give it a value here or pass --env " + e.getKey() + "=VALUE; a secret belongs under secrets:"));
            }
        });
        return out;
    }

    /**
     * Whether {@code name} is a valid task or stage name: SkyPilot's rule (capitals, '_' and '.' allowed), and the
     * DNS-safe name derived from it ({@link DnsName#of}) at most 63 characters.
     */
    static boolean validName(String name) {
        return DnsName.skypilotName(name) && DnsName.of(name).length() <= 63;
    }

    private void name(JsonNode name) {
        if (name.isTextual() && !validName(name.asText())) {
            problems.add(Problem.of(map.value(p("name")), "task name '" + name.asText()
                    + "' is not valid: letters, digits and '-', '_' or '.' between them, starting and ending with a"
                    + " letter or digit; its cluster name (lower-case, '-' for '_' and '.') at most 63 characters",
                    "e.g. '" + DnsName.of(name.asText()) + "'"));
        }
    }

    /** A git workdir's URL and ref are ones git takes as such (never an option). */
    private void gitWorkdir(JsonNode w) {
        if (!w.isObject()) {
            return;
        }
        String url = w.path("url").asText();
        if (!GitWorkdir.URL.matcher(url).matches()) {
            problems.add(Problem.of(map.value(SourceMap.child(p("workdir"), "url")), "workdir url '" + url
                    + "' is not a git URL", "write https://host/org/repo.git (or ssh://, git@host:org/repo.git)"));
        }
        if (w.has("ref") && !GitWorkdir.REF.matcher(w.path("ref").asText()).matches()) {
            problems.add(Problem.of(map.value(SourceMap.child(p("workdir"), "ref")), "workdir ref '"
                    + w.path("ref").asText() + "' is not a branch, tag or commit name", "e.g. ref: main"));
        }
    }

    private void envNames(JsonNode m, String field, String what) {
        m.fieldNames().forEachRemaining(n -> {
            if (!ENV_NAME.matcher(n).matches()) {
                problems.add(Problem.of(map.key(SourceMap.child(p(field), n)), what + " name '" + n + "' is not valid",
                        "use letters, digits and '_', not starting with a digit, e.g. '" + envName(n) + "'"));
            }
        });
    }

    private static String envName(String n) {
        String s = n.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(s.isEmpty() ? '0' : s.charAt(0)) ? "_" + s : s;
    }

    private void envAndSecret(JsonNode t) {
        t.path("secrets").fieldNames().forEachRemaining(n -> {
            if (t.path("envs").has(n)) {
                problems.add(Problem.of(map.key(SourceMap.child(p("secrets"), n)), "'" + n + "' is both an env and a secret",
                        "keep it under secrets: only, so its value never shows in logs or plans"));
            }
        });
    }

    private void paths(JsonNode t) {
        Map<String, String> claimed = new LinkedHashMap<>();
        claimed.put(TaskSpec.CHECKPOINT_DIR, "the checkpoint directory");
        t.path("file_mounts").fieldNames().forEachRemaining(target ->
                claim(SpecReader.mountTarget(target), map.key(SourceMap.child(p("file_mounts"), target)), "mount", claimed));
        t.path("outputs").properties().forEach(e -> {
            JsonNode o = e.getValue();
            if (o.isNumber()) {
                return; // SkyPilot's size estimate of an output
            }
            String pointer = SourceMap.child(p("outputs"), e.getKey());
            String path = o.isObject() ? o.path("path").asText() : o.asText();
            claim(path, map.value(o.isObject() ? SourceMap.child(pointer, "path") : pointer), "output '" + e.getKey() + "'", claimed);
        });
        JsonNode metrics = t.path("metrics");
        String mp = metrics.isObject() ? metrics.path("path").asText() : metrics.asText();
        if (!metrics.isMissingNode() && !mp.isEmpty()) {
            absolute(mp, map.value(metrics.isObject() ? SourceMap.child(p("metrics"), "path") : p("metrics")), "metrics path");
        }
        t.path("file_mounts").properties().forEach(e -> {
            String src = e.getValue().isObject() ? e.getValue().path("source").asText("") : e.getValue().asText("");
            if (src.startsWith("stage://") && src.contains("..")) {
                problems.add(Problem.of(map.value(SourceMap.child(p("file_mounts"), e.getKey())),
                        "mount source '" + src + "' contains '..'", "name a stage output as stage://STAGE/OUTPUT"));
            }
        });
    }

    /**
     * {@code MOUNT}/{@code MOUNT_CACHED} (written out) stream a bucket: their source is a store URI, and the
     * checkpoint directory takes {@code MOUNT_CACHED} only (a streamed mount cannot rewrite a file in place).
     */
    private void mountModes(JsonNode t) {
        String checkpointDir = t.path("envs").path("SKYRUN_CHECKPOINT_DIR").asText(TaskSpec.CHECKPOINT_DIR);
        t.path("file_mounts").properties().forEach(e -> {
            JsonNode m = e.getValue();
            String mode = m.path("mode").asText("").toUpperCase(java.util.Locale.ROOT);
            if (!mode.startsWith("MOUNT")) {
                return;
            }
            String pointer = SourceMap.child(p("file_mounts"), e.getKey());
            List<JsonNode> sources = new ArrayList<>();
            m.path("source").forEach(sources::add);
            if (m.path("source").isTextual()) {
                sources.add(m.path("source"));
            }
            for (JsonNode src : m.has("name") ? List.<JsonNode>of() : sources) {
                if (!MOUNTABLE.matcher(src.asText()).lookingAt()) {
                    problems.add(Problem.of(map.value(SourceMap.child(pointer, "source")), "file mount " + e.getKey()
                            + ": mode " + mode + " streams a bucket, but '" + src.asText() + "' is not one",
                            "give a bucket (s3://BUCKET/PREFIX, gs://..., az://...), or drop mode: to copy or bind a local path"));
                    return;
                }
            }
            if (mode.equals("MOUNT") && SpecReader.mountTarget(e.getKey()).equals(checkpointDir)) {
                problems.add(Problem.of(map.value(SourceMap.child(pointer, "mode")), "file mount " + e.getKey()
                        + " is the checkpoint directory: mode MOUNT streams writes and cannot rewrite a checkpoint in place",
                        "use mode: MOUNT_CACHED (written back, flushed before each attempt ends) or COPY"));
            }
        });
    }

    private static final Pattern MOUNTABLE = Pattern.compile("(s3|gs|az)://[^/]");

    /** An absolute, normal path that overlaps no other claimed path. */
    private void claim(String path, dev.skyrun.schema.Location where, String what, Map<String, String> claimed) {
        if (!absolute(path, where, what + " path")) {
            return;
        }
        String norm = path.length() > 1 ? path.replaceAll("/+$", "") : path;
        for (Map.Entry<String, String> other : claimed.entrySet()) {
            if (overlaps(norm, other.getKey())) {
                problems.add(Problem.of(where, what + " path '" + path + "' overlaps " + other.getValue()
                        + " at '" + other.getKey() + "'", "use a separate directory, e.g. '/data/" + lastPart(norm) + "'"));
                return;
            }
        }
        claimed.put(norm, what);
    }

    private boolean absolute(String path, dev.skyrun.schema.Location where, String what) {
        if (!path.startsWith("/") && !path.startsWith("~")) {
            problems.add(Problem.of(where, what + " '" + path + "' is not absolute", "start it with '/', e.g. '/" + path + "'"));
            return false;
        }
        for (String part : path.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                problems.add(Problem.of(where, what + " '" + path + "' contains '" + part + "'",
                        "write the path without '.' or '..' segments"));
                return false;
            }
        }
        return true;
    }

    static boolean overlaps(String a, String b) {
        return a.equals(b) || a.startsWith(b.endsWith("/") ? b : b + "/") || b.startsWith(a.endsWith("/") ? a : a + "/");
    }

    private static String lastPart(String path) {
        String s = path.substring(path.lastIndexOf('/') + 1);
        return s.isEmpty() ? "x" : s;
    }

    private void gates(JsonNode t) {
        Optional<List<String>> names = SpecReader.metricNames(t);
        boolean hasMetrics = !t.path("metrics").isMissingNode() && !t.path("metrics").isNull();
        Set<String> seen = new HashSet<>();
        JsonNode gates = t.path("gates");
        for (int i = 0; i < gates.size(); i++) {
            JsonNode g = gates.get(i);
            String gp = SourceMap.child(p("gates"), i);
            String name = g.path("name").asText();
            if (!seen.add(name)) {
                problems.add(Problem.of(map.value(SourceMap.child(gp, "name")), "gate '" + name + "' is defined twice",
                        "give each gate its own name"));
            }
            gate(g, gp, name, hasMetrics, names);
        }
    }

    private void gate(JsonNode g, String gp, String name, boolean hasMetrics, Optional<List<String>> names) {
        if (!g.has("metric") && !g.has("contract")) {
            problems.add(Problem.of(map.key(gp), "gate '" + name + "' checks nothing",
                    "give it a metric with min/max/vs_baseline, or a contract"));
            return;
        }
        if (g.has("metric") && !g.has("min") && !g.has("max") && !g.has("vs_baseline")) {
            problems.add(Problem.of(map.key(SourceMap.child(gp, "metric")), "gate '" + name + "' has a metric but no bound",
                    "add min:, max: or vs_baseline:"));
        }
        if (g.has("min") && g.has("max") && g.path("min").asDouble() > g.path("max").asDouble()) {
            problems.add(Problem.of(map.value(SourceMap.child(gp, "min")), "gate '" + name + "' has min above max",
                    "no value can pass it"));
        }
        String contract = g.path("contract").asText("");
        if (!contract.isEmpty() && (contract.startsWith("/") || java.util.Arrays.asList(contract.split("/")).contains(".."))) {
            problems.add(Problem.of(map.value(SourceMap.child(gp, "contract")), "gate '" + name + "' reads contract '"
                    + contract + "' outside the spec's directory", "name a file relative to the spec, without '..'"));
        }
        String metric = g.path("metric").asText("");
        if (metric.isEmpty()) {
            return;
        }
        String mp = SourceMap.child(gp, "metric");
        if (!hasMetrics) {
            problems.add(Problem.of(map.value(mp), "gate '" + name + "' reads metric '" + metric
                    + "' but the task produces no metrics", "declare them: metrics: {path: /outputs/metrics.json, names: [" + metric + "]}"));
        } else if (names.isPresent() && !names.get().contains(metric)) {
            problems.add(Problem.of(map.value(mp), "gate '" + name + "' reads metric '" + metric
                    + "' which the task does not produce", Suggestions.hint(metric, names.get())
                    .orElse("the task's metrics are: " + String.join(", ", names.get()))));
        }
    }

    private String p(String field) {
        return SourceMap.child(at, field);
    }
}

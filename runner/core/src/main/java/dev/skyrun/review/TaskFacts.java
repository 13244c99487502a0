package dev.skyrun.review;

import dev.skyrun.manifest.Digests;
import dev.skyrun.cloud.Placement;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.JobRecovery;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a reviewer compares of one task or stage, as named text values in a fixed order: where it
 * runs first, what that costs, the worst case it may fail over to, what it asks, how it recovers,
 * its image, mounts, secret names (never values), needs and commands.
 */
final class TaskFacts {
    static final String FIRST = "first choice";
    static final String PRICE = "$/h";
    static final String WORST = "worst case $/h";
    static final String PLACEMENTS = "placements";
    /** The facts whose value is a comma-separated list. */
    static final java.util.Set<String> LISTS = java.util.Set.of("regions", "mounts", "secrets", "needs", "outputs");

    private TaskFacts() {}

    /** The facts of {@code unit}, in the order they are shown; an absent fact has no entry. */
    static Map<String, String> of(PlannedSpec.Unit unit) {
        TaskSpec t = unit.task();
        TaskPlan plan = unit.plan();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("nodes", Integer.toString(t.numNodes()));
        f.put("asks", String.join(" | ", plan.asked()));
        List<Placement> all = plan.placements();
        if (!all.isEmpty()) {
            f.put(FIRST, describe(all.get(0)));
            f.put(PRICE, money(all.get(0).pricePerHour()));
            f.put(WORST, money(all.stream().mapToDouble(Placement::pricePerHour).max().orElseThrow()));
        }
        f.put(PLACEMENTS, Integer.toString(all.size()));
        t.resources().maxHourlyCost().ifPresent(c -> f.put("budget cap $/h", money(c)));
        t.resources().budget().maxTotalCost().ifPresent(c -> f.put("budget cap $ total", money(c)));
        t.resources().budget().maxDurationSeconds().ifPresent(d -> f.put("max duration", d + " s"));
        f.put("regions", String.join(", ", new TreeSet<>(all.stream().map(p -> p.cloud() + "/" + p.region()).toList())));
        f.put("recovery", recovery(t.resources()));
        image(t).ifPresent(i -> f.put("image", i));
        putList(f, "mounts", t.fileMounts().values().stream().map(TaskFacts::mount).toList());
        putList(f, "secrets", List.copyOf(t.secrets().keySet()));
        putList(f, "needs", unit.needs());
        putList(f, "outputs", t.outputs().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().path()).toList());
        t.setup().ifPresent(s -> f.put("setup", command(s)));
        t.run().ifPresent(r -> f.put("run", command(r)));
        return f;
    }

    /** Where and on what a placement runs, and its price. */
    static String describe(Placement p) {
        return key(p) + p.accelerator().map(a -> " " + a).orElse("") + " $" + money(p.pricePerHour()) + "/h";
    }

    /** A placement's identity: where, which instance type, spot or not. */
    static String key(Placement p) {
        return p.infra() + " " + p.instanceType() + (p.spot() ? " spot" : "");
    }

    static String money(double usd) {
        return String.format(Locale.ROOT, "%.4f", usd);
    }

    private static String recovery(Resources r) {
        JobRecovery j = r.jobRecovery().orElse(JobRecovery.DEFAULT);
        return j.strategy().name() + ", max_restarts_on_errors " + j.maxRestartsOnErrors()
                + (j.recoverOnExitCodes().isEmpty() ? "" : ", recover_on_exit_codes " + j.recoverOnExitCodes());
    }

    private static Optional<String> image(TaskSpec t) {
        return t.image().or(() -> t.resources().imageId().filter(id -> !id.equals(Resources.DEFAULT_IMAGE)));
    }

    private static String mount(FileMount m) {
        String from = m.source().orElseGet(() -> m.store().orElse("store") + ":" + m.name().orElse("?"));
        return m.target() + " <- " + from + " (" + m.mode().name().toLowerCase(Locale.ROOT) + ")";
    }

    private static void putList(Map<String, String> f, String key, List<String> values) {
        if (!values.isEmpty()) {
            f.put(key, String.join(", ", new TreeSet<>(values)));
        }
    }

    /** A command as its first line; a longer one also with its line count and a digest prefix. */
    private static String command(String text) {
        List<String> lines = text.strip().lines().toList();
        String first = lines.isEmpty() ? "" : lines.get(0);
        if (lines.size() <= 1 && first.length() <= 60) {
            return first;
        }
        String head = first.length() > 60 ? first.substring(0, 57) + "..." : first;
        String sha = Digests.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12);
        return head + " (" + lines.size() + (lines.size() == 1 ? " line" : " lines") + ", sha256 " + sha + ")";
    }
}

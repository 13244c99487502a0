package dev.skyrun.cli;

import dev.skyrun.gate.GateResult;
import dev.skyrun.manifest.ArtifactEntry;
import dev.skyrun.manifest.Manifest;
import java.io.PrintWriter;
import java.util.Locale;

/** Renders a fused manifest for people: the verdict line, one line per gate, one per artifact. */
final class ManifestText {

    private ManifestText() {}

    static void render(PrintWriter out, Manifest m, String sha256) {
        out.printf("%s  %s  (%d stages, %d artifacts, %d gates)%n", m.release(), m.verdict(), m.stages().size(),
                m.artifacts().size(), m.gates().size());
        out.printf("  manifest sha256 %s%n", sha256);
        costLine(m).ifPresent(out::println);
        m.previousStable().ifPresent(p -> out.printf("  baseline %s%n", p.release()));
        m.rollbackOf().ifPresent(p -> out.printf("  rollback of %s%n", p.release()));
        if (m.verdict() == dev.skyrun.manifest.ReleaseVerdict.HELD) {
            out.printf("  held: a gate is INCONCLUSIVE; skyrun releases approve|reject %s decides%n", m.release());
        }
        m.stages().stream().filter(s -> s.error().isPresent())
                .forEach(s -> out.printf("  %-8s %s: %s%n", s.status(), s.name(), s.error().orElseThrow()));
        for (GateResult g : m.gates()) {
            out.printf("  %-8s %-28s %s%n", g.verdict(), g.stage() + "/" + g.name(), g.reason());
        }
        for (ArtifactEntry a : m.artifacts()) {
            out.printf("  artifact %-28s %s %s %s%s%n", a.id(), a.digest().sha256().substring(0, 12),
                    bytes(a.digest().size()), a.uri(),
                    a.estimatedCostUsd().map(c -> String.format(Locale.ROOT, "  $%.4f", c)).orElse(""));
        }
        out.flush();
    }

    /** {@code   cost $0.42 (train $0.30, eval $0.12; $0.05 lost to preemptions and failed attempts)}: the stages summed. */
    static java.util.Optional<String> costLine(Manifest m) {
        java.util.List<dev.skyrun.manifest.StageRecord> costed = m.stages().stream().filter(s -> s.cost().isPresent()).toList();
        if (costed.isEmpty()) {
            return java.util.Optional.empty();
        }
        double total = costed.stream().mapToDouble(s -> s.cost().orElseThrow().usd()).sum();
        double lost = costed.stream().mapToDouble(s -> s.cost().orElseThrow().lostUsd()).sum();
        String each = String.join(", ", costed.stream().map(s -> s.name() + " " + Money.usd(s.cost().orElseThrow().usd()))
                .toList());
        return java.util.Optional.of("  cost " + Money.usd(total) + " (" + each
                + (lost > 0 ? "; " + Money.usd(lost) + " lost to preemptions and failed attempts" : "") + ")");
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        int unit = (int) (Math.log(n) / Math.log(1024));
        return String.format(Locale.ROOT, "%.1f %siB", n / Math.pow(1024, unit), "KMGTPE".charAt(unit - 1));
    }
}

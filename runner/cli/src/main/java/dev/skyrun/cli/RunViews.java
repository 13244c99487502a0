package dev.skyrun.cli;

import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** The views {@code status} and {@code launch} print, and their text rendering. */
final class RunViews {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private RunViews() {}

    /** One attempt as shown. */
    record AttemptView(int number, String placement, String status, Optional<Integer> exitCode, Optional<String> reason,
            Instant startedAt, Optional<Instant> endedAt) {
        static AttemptView of(AttemptRecord a) {
            return new AttemptView(a.number(), a.placement(), a.status().name(), a.exitCode(), a.reason(), a.startedAt(),
                    a.endedAt());
        }
    }

    /** One run as shown. */
    record RunView(String id, String name, String status, Optional<Integer> exitCode, Optional<String> reason,
            Instant createdAt, Instant updatedAt, int recoveries, List<AttemptView> attempts) {
        static RunView of(RunRecord r, List<AttemptRecord> attempts) {
            return new RunView(r.id(), r.name(), r.status().name(), r.exitCode(), r.reason(), r.createdAt(),
                    r.updatedAt(), Math.max(0, attempts.size() - 1), attempts.stream().map(AttemptView::of).toList());
        }
    }

    /** The list of runs. */
    record RunList(List<RunView> runs) {}

    static void table(PrintWriter out, RunList list) {
        if (list.runs().isEmpty()) {
            out.println("No runs. Start one: skyrun launch examples/quickstart.yaml");
            return;
        }
        out.printf("%-28s %-13s %-8s %-5s %-9s %s%n", "RUN", "STATUS", "ATTEMPTS", "EXIT", "AGE", "REASON");
        for (RunView r : list.runs()) {
            out.printf("%-28s %-13s %-8d %-5s %-9s %s%n", r.id(), r.status(), r.attempts().size(),
                    r.exitCode().map(String::valueOf).orElse("-"), age(r.createdAt()), r.reason().orElse(""));
        }
    }

    static void detail(PrintWriter out, RunView r) {
        out.println("Run:      " + r.id() + " (" + r.name() + ")");
        out.println("Status:   " + r.status() + r.exitCode().map(c -> ", exit " + c).orElse(""));
        r.reason().ifPresent(x -> out.println("Reason:   " + x));
        out.println("Created:  " + r.createdAt() + " (" + age(r.createdAt()) + " ago)");
        out.println("Attempts: " + r.attempts().size() + " (" + r.recoveries() + " recoveries)");
        for (AttemptView a : r.attempts()) {
            out.printf("  #%d %-14s %-13s %-7s %s%n", a.number(), a.placement(), a.status(),
                    a.exitCode().map(c -> "exit " + c).orElse(""), a.reason().orElse(""));
        }
    }

    static String event(EventRecord e) {
        return TIME.format(e.at()) + " " + e.attempt().map(a -> "[attempt " + a + "] ").orElse("") + e.message();
    }

    private static String age(Instant t) {
        Duration d = Duration.between(t, Instant.now());
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}

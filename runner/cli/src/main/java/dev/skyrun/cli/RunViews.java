package dev.skyrun.cli;

import dev.skyrun.run.RunCost;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.StateStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The views {@code status} and {@code launch} print, and their text rendering. */
final class RunViews {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private RunViews() {}

    /**
     * One attempt as shown.
     *
     * @param ending what kind of ending: {@code preempted}, {@code app failure}, {@code infra error},
     *     {@code succeeded}, {@code cancelled}, {@code interrupted}; empty while it lives
     * @param then what the controller did next ({@code same placement again, now}), if it went on
     */
    record AttemptView(int number, String placement, String status, Optional<String> ending, Optional<Integer> exitCode,
            Optional<String> reason, Instant startedAt, Optional<Instant> endedAt, Optional<String> then,
            Optional<RunCost.AttemptCost> cost) {
        static AttemptView of(AttemptRecord a, List<EventRecord> events, RunCost cost) {
            Optional<String> then = events.stream().filter(e -> e.kind().equals("RECOVERING")
                    && e.attempt().equals(Optional.of(a.number()))).map(EventRecord::message).reduce((x, y) -> y);
            return new AttemptView(a.number(), a.placement(), a.status().name(), ending(a), a.exitCode(), a.reason(),
                    a.startedAt(), a.endedAt(), then, cost.attempts().stream().filter(c -> c.attempt() == a.number())
                            .findFirst());
        }

        private static Optional<String> ending(AttemptRecord a) {
            return Optional.ofNullable(switch (a.status()) {
                case PREEMPTED -> "preempted";
                case FAILED -> "app failure";
                case INFRA_FAILED -> "infra error";
                case BUDGET_EXCEEDED -> "budget exceeded";
                case SUCCEEDED, CANCELLED, INTERRUPTED -> a.status().name().toLowerCase(java.util.Locale.ROOT);
                default -> null;
            });
        }
    }

    /**
     * A zone, region or cloud the controller ruled out, after which attempt, and why.
     *
     * @param what {@code zone aws/us-east-1/us-east-1a (p4d.24xlarge)}, {@code region gcp/us-central1}, {@code cloud local}
     */
    record BlockedView(int attempt, String what, String reason) {
        static Optional<BlockedView> of(EventRecord e) {
            int at = e.message().indexOf(" blocked: ");
            if (!e.kind().equals("BLOCKED") || at < 0) {
                return Optional.empty();
            }
            return Optional.of(new BlockedView(e.attempt().orElse(0), e.message().substring(0, at),
                    e.message().substring(at + " blocked: ".length())));
        }
    }

    /** One run as shown: its attempts, and what the controller blocked (from its event log). */
    record RunView(String id, String name, String status, Optional<Integer> exitCode, Optional<String> reason,
            Instant createdAt, Instant updatedAt, int recoveries, List<AttemptView> attempts, List<BlockedView> blocked,
            Optional<String> left, CostView cost, Optional<String> startedBy, Optional<String> owner) {
        /**
         * The run as the state database has it: its row, attempts, events and cost ledger, who started
         * it and, on a shared state, which controller owns it now.
         */
        static RunView read(StateStore state, RunRecord r) {
            Instant now = Instant.now();
            return of(r, state.runs().attempts(r.id()), state.events(r.id(), 0), RunCost.of(state, r.id(), now),
                    state.runs().startedBy(r.id()), state.leases().of(r.id()).filter(l -> l.heldAt(now))
                            .map(l -> l.owner() + " (lease until " + l.until() + ")"));
        }

        static RunView of(RunRecord r, List<AttemptRecord> attempts, List<EventRecord> events, RunCost cost,
                Optional<String> startedBy, Optional<String> owner) {
            return new RunView(r.id(), r.name(), r.status().name(), r.exitCode(), r.reason(), r.createdAt(),
                    r.updatedAt(), Math.max(0, attempts.size() - 1),
                    attempts.stream().map(a -> AttemptView.of(a, events, cost)).toList(),
                    events.stream().map(BlockedView::of).flatMap(Optional::stream).toList(), r.leftBehind(),
                    CostView.of(cost), startedBy, owner);
        }
    }

    /** The list of runs. */
    record RunList(List<RunView> runs) {}

    static void table(PrintWriter out, RunList list) {
        if (list.runs().isEmpty()) {
            out.println("No runs. Start one: skyrun launch examples/quickstart.yaml");
            return;
        }
        out.printf("%-28s %-13s %-8s %-5s %-9s %-20s %s%n", "RUN", "STATUS", "ATTEMPTS", "EXIT", "AGE", "BY", "REASON");
        for (RunView r : list.runs()) {
            out.printf("%-28s %-13s %-8d %-5s %-9s %-20s %s%n", r.id(), r.status(), r.attempts().size(),
                    r.exitCode().map(String::valueOf).orElse("-"), age(r.createdAt()), r.startedBy().orElse("-"),
                    r.reason().orElse(""));
        }
    }

    static void detail(PrintWriter out, RunView r) {
        out.println("Run:       " + r.id() + " (" + r.name() + ")");
        out.println("Status:    " + r.status() + r.exitCode().map(c -> ", exit " + c).orElse(""));
        r.reason().ifPresent(x -> out.println("Reason:    " + x));
        r.left().ifPresent(x -> out.println("Left:      " + x + " (skyrun down " + r.id() + " retries)"));
        out.println("Created:   " + r.createdAt() + " (" + age(r.createdAt()) + " ago)"
                + r.startedBy().map(b -> " by " + b).orElse(""));
        r.owner().ifPresent(o -> out.println("Owner:     " + o));
        out.println("Attempts:  " + r.attempts().size() + " (" + recoveries(r) + ")");
        r.cost().print(out, r.id());
        for (BlockedView b : r.blocked()) {
            out.println("Blocked:   " + b.what() + " after attempt " + b.attempt() + ": " + b.reason());
        }
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "PLACEMENT", "STARTED", "ENDED", "TOOK", "COST", "ENDING"});
        for (AttemptView a : r.attempts()) {
            rows.add(new String[] {Integer.toString(a.number()), a.placement(), TIME.format(a.startedAt()),
                a.endedAt().map(TIME::format).orElse("-"), took(a), a.cost().map(c -> Money.usd(c.usd())).orElse("-"),
                ending(a)});
            a.then().ifPresent(t -> rows.add(new String[] {"", "", "", "", "", "", "then: " + then(a, t)}));
        }
        Table.print(out, rows);
    }

    /** {@code 1 recovery: 1 preempted} or {@code no recoveries}. */
    private static String recoveries(RunView r) {
        if (r.recoveries() == 0) {
            return "no recoveries";
        }
        StringBuilder s = new StringBuilder(r.recoveries() + (r.recoveries() == 1 ? " recovery:" : " recoveries:"));
        for (String kind : List.of("preempted", "app failure", "infra error")) {
            long n = r.attempts().stream().filter(a -> a.then().isPresent() && a.ending().equals(Optional.of(kind))).count();
            if (n > 0) {
                s.append(' ').append(n).append(' ').append(kind).append(',');
            }
        }
        return s.substring(0, s.length() - 1);
    }

    private static String ending(AttemptView a) {
        String kind = a.ending().orElse(a.status().toLowerCase(java.util.Locale.ROOT));
        String exit = a.exitCode().filter(c -> a.ending().equals(Optional.of("app failure"))).map(c -> " exit " + c)
                .orElse("");
        String why = a.reason().filter(x -> !x.equals(kind)).map(x -> ": " + x).orElse("");
        return kind + exit + why;
    }

    /** The RECOVERING message without the ending's reason it repeats. */
    private static String then(AttemptView a, String message) {
        return a.reason().filter(x -> message.endsWith(": " + x))
                .map(x -> message.substring(0, message.length() - x.length() - 2)).orElse(message);
    }

    private static String took(AttemptView a) {
        return a.endedAt().map(end -> span(Duration.between(a.startedAt(), end))).orElse("-");
    }

    static String event(EventRecord e) {
        return TIME.format(e.at()) + " " + e.attempt().map(a -> "[attempt " + a + "] ").orElse("") + e.message();
    }

    private static String age(Instant t) {
        return span(Duration.between(t, Instant.now()));
    }

    private static String span(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }
}

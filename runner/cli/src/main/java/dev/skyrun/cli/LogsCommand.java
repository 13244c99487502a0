package dev.skyrun.cli;

import dev.skyrun.cloud.LogQuery;
import dev.skyrun.run.RunActions;
import dev.skyrun.run.Session;
import dev.skyrun.state.EventRecord;
import dev.skyrun.state.RunRecord;
import java.io.PrintWriter;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code skyrun logs RUN}: the job's output (or, with {@code --events}, the controller's event log). */
@Command(
        name = "logs",
        description = {"Print a run's job output, or its event log.", "The job output is stdout and stderr of every node."},
        footer = {"  skyrun logs train-lora", "  skyrun logs train-lora --follow --node 1",
            "  skyrun logs train-lora --events -o json"})
final class LogsCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Mixin
    RunArgument run;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the job ends.")
    boolean follow;

    @Option(names = "--node", paramLabel = "N", description = "Only node N (rank, from 0).")
    Integer node;

    @Option(names = "--events", description = "Print the controller's event log instead.")
    boolean events;

    /** One event as JSON. */
    record EventList(java.util.List<EventRecord> events) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = output.out();
        try (Session s = Session.openReadOnly(output.context().env())) {
            RunActions actions = s.actions();
            RunRecord r = run.find(actions);
            if (events) {
                output.print(out, new EventList(s.state().events(r.id(), 0)),
                        (w, v) -> v.events().forEach(e -> w.println(RunViews.event(e) + "  (" + e.kind() + ")")));
                return ExitCode.OK;
            }
            boolean multi = s.state().nodeIds(r.id(), Math.max(1, s.state().runs().attempts(r.id()).size())).size() > 1;
            actions.logs(r, new LogQuery(node == null ? OptionalInt.empty() : OptionalInt.of(node), follow), line -> {
                if (!line.stderr() || !line.text().startsWith("skyrun: ")) {
                    out.println((multi ? "(node " + line.node() + ") " : "") + line.text());
                    out.flush();
                }
            });
            return ExitCode.OK;
        }
    }
}

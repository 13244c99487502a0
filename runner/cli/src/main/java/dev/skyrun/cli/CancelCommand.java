package dev.skyrun.cli;

import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.run.Session;
import dev.skyrun.state.RunRecord;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code skyrun cancel RUN}: stops a run; its nodes are removed and it ends CANCELLED. */
@Command(
        name = "cancel",
        description = {"Stop a run: remove its nodes and mark it CANCELLED.", "Its launch, if attached, exits 1."},
        footer = {"  skyrun cancel train-lora", "  skyrun cancel train-lora-3f2a1c -o json"})
final class CancelCommand implements Callable<Integer> {

    @Mixin
    OutputOptions output;

    @Mixin
    RunArgument run;

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.open(output.context().env())) {
            var actions = s.actions();
            RunRecord before = run.find(actions);
            TeardownReport report = actions.cancel(before);
            RunRecord after = actions.find(before.id());
            output.print(output.out(), RunViews.RunView.read(s.state(), after),
                    (w, v) -> w.println(before.status().terminal() ? v.id() + " had already ended: " + v.status()
                            : "Cancelled " + v.id()));
            if (!report.complete()) {
                output.err().println("skyrun cancel: left (the run's row keeps it; run skyrun down " + after.id()
                        + "): " + report.describeLeft());
                return ExitCode.INFRASTRUCTURE;
            }
            return ExitCode.OK;
        }
    }
}

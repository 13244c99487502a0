package dev.skyrun.cli;

import dev.skyrun.release.ReleaseEntry;
import dev.skyrun.release.ReleaseLedger;
import dev.skyrun.run.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun releases approve|reject NAME@VERSION}: a person's decision on a HELD release (one
 * whose gates were INCONCLUSIVE), recorded with who and when. An approved release becomes the
 * stable one; a rejected one stays in the history as REJECTED.
 */
abstract class ReleaseDecisionCommand implements Callable<Integer> {

    private final CommandContext context;

    /** Approve (true) or reject (false): which of the two subcommands this is. */
    private final boolean approve;

    ReleaseDecisionCommand(CommandContext context, boolean approve) {
        this.context = context;
        this.approve = approve;
    }

    @Mixin
    OutputOptions output;

    @Parameters(paramLabel = "NAME@VERSION", description = "The held release.")
    String release;

    @Option(names = "--by", paramLabel = "USER", description = "Who decides (default: the user running skyrun).")
    String by;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the history.")
    String reason;

    @Override
    public Integer call() throws Exception {
        try (Session s = Session.open(context.env())) {
            String actor = by != null ? by : System.getProperty("user.name", "unknown");
            String decided = approve ? "approved" : "rejected";
            String why = reason != null ? reason : decided;
            ReleaseEntry e = new ReleaseLedger(s.state().releases()).decide(release, approve, actor, why);
            ReleasesCommand.ReleaseView view = ReleasesCommand.ReleaseView.of(
                    new ReleaseLedger(s.state().releases()).history(e.release().name()), e,
                    s.state().releases().makers(e.release().name()));
            output.print(output.out(), view, (out, v) -> out.printf("%s is %s (%s by %s at %s)%n",
                    v.release(), v.verdict(), decided, actor,
                    e.notes().get(e.notes().size() - 1).at()));
            return ExitCode.OK;
        }
    }

    /** {@code skyrun releases approve}. */
    @Command(name = "approve",
            description = {"Approve a HELD release: promote it and make it stable.",
                "A release is HELD when one of its gates was INCONCLUSIVE. Approved, it becomes the stable release,"
                        + " the baseline of the next run and a rollback target. Who and when are recorded."},
            footer = {"  skyrun releases approve federated@1.5.0 --reason 'recall dip is eval noise'",
                "", "Exit codes: 0 approved, 2 no such release or it is not HELD."})
    static final class Approve extends ReleaseDecisionCommand {
        Approve(CommandContext context) {
            super(context, true);
        }
    }

    /** {@code skyrun releases reject}. */
    @Command(name = "reject",
            description = {"Reject a HELD release: it is never promoted.",
                "A release is HELD when one of its gates was INCONCLUSIVE. Rejected, it stays in the history as"
                        + " REJECTED. Who and when are recorded."},
            footer = {"  skyrun releases reject federated@1.5.0 --by alice",
                "", "Exit codes: 0 rejected, 2 no such release or it is not HELD."})
    static final class Reject extends ReleaseDecisionCommand {
        Reject(CommandContext context) {
            super(context, false);
        }
    }
}

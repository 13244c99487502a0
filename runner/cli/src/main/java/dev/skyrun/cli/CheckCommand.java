package dev.skyrun.cli;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.schema.InvalidInputException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code skyrun check [CLOUD...]}: for every cloud plug-in on the class path (or the ones named),
 * whether its credentials work, what is missing and how to fix it. Never prints a credential.
 *
 * <p>Exit 0 when at least one checked cloud works, 3 when none does, 2 for a cloud no plug-in
 * provides.
 */
@Command(
        name = "check",
        description = {"Check which clouds skyrun can use, and what to fix.",
            "Credentials and permissions, per cloud.",
            "Exit 0 when at least one checked cloud works, 3 when none does."},
        footer = {"  skyrun check                 # every cloud plug-in: local, aws, gcp, ...",
            "  skyrun check aws             # STS identity, dry-run RunInstances, status bucket",
            "  skyrun check aws gcp -o json"})
final class CheckCommand implements Callable<Integer> {

    /** The result: each cloud's check, and the names of those that work. */
    record CheckView(List<CredentialCheck> clouds, List<String> working) {}

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..*", paramLabel = "CLOUD", description = "Clouds to check (default: every plug-in).")
    List<String> wanted = List.of();

    @Override
    public Integer call() {
        Map<String, String> env = output.context().env();
        try (CloudRegistry clouds = CloudRegistry.load(env)) {
            List<String> names = wanted.isEmpty() ? clouds.names() : wanted;
            for (String name : names) {
                if (clouds.provider(name).isEmpty()) {
                    throw new InvalidInputException("no plug-in for cloud '" + name + "' (known: "
                            + String.join(", ", clouds.names()) + ")");
                }
            }
            List<CredentialCheck> checks = new ArrayList<>();
            Redaction redaction = Redaction.of(clouds, names, env);
            for (CredentialCheck c : CloudChecks.run(clouds, names)) {
                checks.add(redaction.apply(c));
            }
            List<String> working = checks.stream().filter(CredentialCheck::ok).map(CredentialCheck::cloud).toList();
            output.print(output.out(), new CheckView(checks, working), CheckCommand::text);
            return working.isEmpty() ? ExitCode.INFRASTRUCTURE : ExitCode.OK;
        }
    }

    private static void text(PrintWriter out, CheckView view) {
        for (CredentialCheck c : view.clouds()) {
            out.println(c.cloud() + ": " + (c.ok() ? "ok" : "NOT USABLE") + " (" + c.identity() + ")");
            c.details().forEach(d -> out.println("  " + d));
        }
        out.println(view.working().isEmpty()
                ? "No cloud is usable: fix one of the lines above."
                : "Usable: " + String.join(", ", view.working()) + ".");
    }
}

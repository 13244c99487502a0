package dev.skyrun.cli;

import dev.skyrun.run.LaunchPlanner;
import dev.skyrun.run.PlanInputs;
import dev.skyrun.run.Session;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.Spec;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/**
 * The options of the commands that start jobs ({@code launch}, {@code resume}, {@code rollback}):
 * {@code --catalog DIR} and {@code --secret K[=V]}; and the planner they launch with, core's
 * {@link LaunchPlanner} over the session's enabled clouds, live prices and the chosen catalog.
 * Add it with {@code @Mixin LaunchOptions launching;}.
 */
final class LaunchOptions {

    private final CommandContext context;

    LaunchOptions(CommandContext context) {
        this.context = context;
    }

    @Mixin
    CatalogOptions catalog;

    @Mixin
    SecretOptions secrets;

    /**
     * The planner of a launch in {@code session}.
     *
     * @param spec the spec launched, for its catalog scope; empty for a resume (its task is recorded)
     * @param at where plan errors point
     * @param cloud {@code --cloud}, over the spec's
     */
    LaunchPlanner planner(Session session, Optional<Spec> spec, Location at, Optional<String> cloud) {
        return new LaunchPlanner(spec, at, cloud, PlanInputs.live(session.clouds(), context.env(), catalog::load));
    }

    /** The secrets given on the command line, by name. */
    Map<String, String> givenSecrets() {
        return secrets.given();
    }
}

package dev.skyrun.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --secret K[=V]}: secret values for the commands that start jobs ({@code launch},
 * {@code resume}, {@code rollback}); a name without a value is taken from the environment.
 * Add it with {@code @Mixin SecretOptions secrets;}.
 */
public final class SecretOptions {

    private final CommandContext context;

    SecretOptions(CommandContext context) {
        this.context = context;
    }

    @Option(names = "--secret", paramLabel = "K[=V]", description = "A secret; without =V taken from the environment.")
    List<String> values;

    /** The secrets given on the command line, by name (bad syntax is a usage error). */
    Map<String, String> given() {
        return KeyValues.parse("--secret", values, context.env());
    }
}

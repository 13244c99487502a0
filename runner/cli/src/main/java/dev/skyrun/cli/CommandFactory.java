package dev.skyrun.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * How picocli makes skyrun's commands and option groups: one with a constructor taking a
 * {@link CommandContext} gets the command line's; any other picocli makes as usual.
 */
final class CommandFactory implements CommandLine.IFactory {

    private final CommandContext context;

    CommandFactory(CommandContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == CommandContext.class) {
                return type.cast(c.newInstance(context));
            }
        }
        return CommandLine.defaultFactory().create(type);
    }
}

package dev.skyrun.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The fish completion script of a picocli command tree: one {@code complete} line per
 * subcommand (offered until one is typed) and per option of each command, for example
 *
 * <pre>{@code
 * complete -c skyrun -f -n '__fish_use_subcommand' -a 'plan' -d 'Show where a task would run ...'
 * complete -c skyrun -n '__fish_seen_subcommand_from plan' -s o -l output -x -a 'text json markdown' -d 'Output format ...'
 * }</pre>
 */
final class FishCompletion {

    private FishCompletion() {}

    /** The script for {@code root} and every command under it. */
    static String script(CommandLine root) {
        String name = root.getCommandName();
        List<String> lines = new ArrayList<>();
        lines.add("# fish completion for " + name + ": " + name + " completion fish > ~/.config/fish/completions/" + name + ".fish");
        lines.add("complete -c " + name + " -f -n '__fish_use_subcommand'");
        addCommands(lines, name, root, "__fish_use_subcommand");
        return String.join("\n", lines) + "\n";
    }

    private static void addCommands(List<String> lines, String name, CommandLine parent, String whenOffered) {
        for (Map.Entry<String, CommandLine> e : parent.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden()) {
                continue;
            }
            lines.add("complete -c " + name + " -f -n " + quote(whenOffered) + " -a " + quote(e.getKey())
                    + " -d " + quote(summary(sub)));
            String seen = "__fish_seen_subcommand_from " + e.getKey();
            for (OptionSpec o : sub.options()) {
                if (!o.hidden()) {
                    lines.add("complete -c " + name + " -n " + quote(seen) + option(o));
                }
            }
            String nested = seen + "; and not __fish_seen_subcommand_from " + String.join(" ", e.getValue().getSubcommands().keySet());
            addCommands(lines, name, e.getValue(), nested);
        }
    }

    private static String option(OptionSpec o) {
        StringBuilder b = new StringBuilder();
        for (String n : o.names()) {
            b.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
        }
        if (o.arity().max() > 0 && !o.type().equals(boolean.class)) {
            List<String> candidates = new ArrayList<>();
            if (o.completionCandidates() != null) {
                o.completionCandidates().forEach(candidates::add);
            }
            b.append(candidates.isEmpty() ? " -r" : " -x -a " + quote(String.join(" ", candidates)));
        }
        String[] description = o.description();
        return b + (description.length == 0 ? "" : " -d " + quote(description[0]));
    }

    private static String summary(CommandSpec command) {
        String[] d = command.usageMessage().description();
        return d.length == 0 ? "" : d[0];
    }

    /** {@code s} as one single-quoted fish word. */
    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

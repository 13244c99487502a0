package dev.skyrun.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command shares: {@code -o text|json}, {@code --quiet} and {@code --debug}; and
 * where the command prints ({@link #out()}, {@link #err()}: its command line's writers).
 *
 * <p>Add it to a command with {@code @Mixin OutputOptions output;}, then print data through
 * {@link #json()} / {@link JsonOutput} and messages through {@link #quiet()}:
 *
 * <pre>{@code
 * @Command(name = "status", description = "...")
 * final class StatusCommand implements Callable<Integer> {
 *     @Mixin OutputOptions output;
 *     public Integer call() {
 *         StatusView view = ...;
 *         output.print(output.out(), view, StatusText::render);
 *         return ExitCode.OK;
 *     }
 * }
 * }</pre>
 *
 * <p>{@code --debug} is read by {@link ErrorHandler}: with it, an error shows its stack trace.
 */
public final class OutputOptions {

    private final CommandContext context;

    OutputOptions(CommandContext context) {
        this.context = context;
    }

    /** What the command line runs with besides its arguments (its environment, interrupts, clouds). */
    CommandContext context() {
        return context;
    }

    /** How a command prints its data on stdout. */
    public enum Format {
        /** Human-readable text. */
        text,
        /** One JSON document (for scripts and CI). */
        json,
        /** GitHub-flavoured Markdown for a pull-request comment ({@code validate}, {@code plan}, {@code diff}). */
        markdown
    }

    /**
     * A command that also prints {@code -o markdown} (a pull-request comment); every other command
     * refuses it at parse time, naming the formats it has.
     */
    public interface PrintsMarkdown {}

    Format format = Format.text;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            completionCandidates = FormatNames.class,
            description = "Output format: text (default) or json; validate, plan and diff also markdown.")
    void format(String value) {
        List<String> supported = supported();
        if (!supported.contains(value)) {
            String hint = command.findOption("--out") != null && !value.isEmpty() && !FormatNames.ALL.contains(value)
                    ? "; -o is the output format, a file is --out " + value
                    : "";
            throw new ParameterException(command.commandLine(), "'" + command.qualifiedName(" ") + "' has no output format '"
                    + value + "': use -o " + String.join(" or -o ", supported) + hint);
        }
        format = Format.valueOf(value);
    }

    /** The formats this command prints: text and json, and markdown where it {@link PrintsMarkdown}. */
    List<String> supported() {
        return command.userObject() instanceof PrintsMarkdown ? FormatNames.ALL : FormatNames.ALL.subList(0, 2);
    }

    /** The names {@code -o} takes, for shell completion and messages. */
    static final class FormatNames implements Iterable<String> {
        static final List<String> ALL = List.of("text", "json", "markdown");

        @Override
        public Iterator<String> iterator() {
            return ALL.iterator();
        }
    }

    @Option(
            names = {"-q", "--quiet"},
            description = "Print nothing but errors; the exit code tells the result.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces of errors (also SKYRUN_DEBUG=1).")
    boolean debug;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Where the command prints its data: its command line's stdout. */
    public PrintWriter out() {
        return command.commandLine().getOut();
    }

    /** Where the command prints messages and job output's stderr: its command line's stderr. */
    public PrintWriter err() {
        return command.commandLine().getErr();
    }

    /** The chosen output format. */
    public Format format() {
        return format;
    }

    /** Whether data goes out as JSON ({@code -o json}). */
    public boolean json() {
        return format == Format.json;
    }

    /** Whether only errors are printed ({@code --quiet}). */
    public boolean quiet() {
        return quiet;
    }

    /** Whether stack traces are shown ({@code --debug} or {@code SKYRUN_DEBUG=1}). */
    public boolean debug() {
        return debug || "1".equals(context.env().get("SKYRUN_DEBUG"));
    }

    /** Whether data goes out as Markdown ({@code -o markdown}). */
    public boolean markdown() {
        return format == Format.markdown;
    }

    /**
     * Prints a view: as JSON with {@code -o json}, else through {@code text}; nothing with
     * {@code --quiet} (in text mode).
     *
     * @param out stdout
     * @param view the record to print
     * @param text renders the view as text
     */
    public <T> void print(PrintWriter out, T view, java.util.function.BiConsumer<PrintWriter, T> text) {
        print(out, view, text, (o, v) -> {
            throw new IllegalStateException("-o markdown was accepted by a command that has no Markdown");
        });
    }

    /** Prints a view as {@link #print(PrintWriter, Object, java.util.function.BiConsumer)} does, or through {@code markdown}. */
    public <T> void print(PrintWriter out, T view, java.util.function.BiConsumer<PrintWriter, T> text,
            java.util.function.BiConsumer<PrintWriter, T> markdown) {
        if (markdown()) {
            markdown.accept(out, view);
        } else if (json()) {
            JsonOutput.write(out, view);
        } else if (!quiet) {
            text.accept(out, view);
        }
        out.flush();
    }
}

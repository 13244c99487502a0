package dev.skyrun.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * The {@code skyrun} entry point. {@link #run} is what tests call in-process; {@link #main}
 * only adds the process exit.
 */
public final class Main {

    private Main() {}

    /** Runs skyrun and exits with its code; returns normally on success (exit(0) would load a logger). */
    public static void main(String[] args) {
        Prewarm.start(args);
        int code = run(System.out, System.err, args);
        System.out.flush();
        if (code != ExitCode.OK) {
            System.exit(code);
        }
    }

    /**
     * Runs one skyrun command line.
     *
     * @param out where data goes (stdout)
     * @param err where messages go (stderr)
     * @param args the arguments after {@code skyrun}
     * @return the exit code
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(out, err, CommandContext.PROCESS, args);
    }

    /**
     * Runs one skyrun command line in this process reading {@code env} where skyrun reads its
     * environment ({@code SKYRUN_HOME}, {@code SKYRUN_STATE}, cloud settings, {@code --secret NAME}):
     * for a program that embeds skyrun, or runs it for several homes or shared states at once.
     *
     * <pre>{@code
     * int code = Main.run(System.out, System.err, Map.of("SKYRUN_STATE", "postgresql://ci@db:5432/skyrun"), "status", "--all-users");
     * }</pre>
     *
     * @param out where data goes (stdout)
     * @param err where messages go (stderr)
     * @param env the environment the command line reads, in place of the process's
     * @param args the arguments after {@code skyrun}
     * @return the exit code
     */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return run(out, err, CommandContext.reading(env), args);
    }

    /**
     * Runs one skyrun command line in {@code context}: its interrupts, and clouds that may stay
     * open after it (the skyrun agent runs its clients' command lines so).
     *
     * @param out where data goes (stdout)
     * @param err where messages go (stderr)
     * @param context where Ctrl-C comes from, and the clouds to launch on
     * @param args the arguments after {@code skyrun}
     * @return the exit code
     */
    static int run(PrintStream out, PrintStream err, CommandContext context, String... args) {
        // picocli otherwise looks up groovy.lang.Closure, which scans every jar on the class path.
        System.setProperty("picocli.disable.closures", "true");
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cli = new CommandLine(new SkyrunCommand(), new CommandFactory(context));
        SkyrunCommand.register(cli, args);
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler((ex, a) -> {
            errWriter.println("skyrun: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, errWriter);
            errWriter.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.BAD_INPUT;
        });
        int code = cli.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }
}

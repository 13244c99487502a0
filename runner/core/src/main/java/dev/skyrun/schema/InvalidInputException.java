package dev.skyrun.schema;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The user's input is wrong: the one user-error type (the CLI maps it to exit code 2). It
 * carries every {@link Problem} found, each at its {@link Location} when the input is a file;
 * bad input with no place in a file (a command-line value, a name not found in state) is one
 * problem without a location.
 *
 * <p>It is an {@link IllegalArgumentException} so code that turns a bad argument into a
 * located problem keeps catching it; an {@code IllegalArgumentException} that is not one of
 * these is a bug in skyrun, not bad input.
 *
 * <pre>{@code
 * throw new InvalidInputException(Problem.of(Location.of(file, 3, 7), "unknown key 'x'", "remove it"));
 * throw new InvalidInputException("no run 'train-1'; skyrun status lists the runs");
 * }</pre>
 */
public final class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid input has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(Problem problem) {
        this(List.of(problem));
    }

    /** Bad input that is no place in a file; {@code message} says what is wrong and what to do. */
    public InvalidInputException(String message) {
        this(Problem.of(Location.NONE, message));
    }

    /** Bad input no place in a file, found as {@code cause}. */
    public InvalidInputException(String message, Throwable cause) {
        this(message);
        initCause(cause);
    }

    /** Every problem found, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    /** Where the first problem is, when it is in a file. */
    public Optional<Location> location() {
        return Optional.of(problems.get(0).location()).filter(Location::known);
    }
}

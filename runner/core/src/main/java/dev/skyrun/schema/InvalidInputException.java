package dev.skyrun.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The user's input is wrong: carries every {@link Problem} found, each with its location.
 * The CLI maps it to exit code 2.
 */
public final class InvalidInputException extends RuntimeException {
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

    /** Every problem found, in file order. */
    public List<Problem> problems() {
        return problems;
    }
}

package dev.skyrun.run;

/** Another launch holds the run name: exit 3, naming the holder. */
public final class NameHeldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NameHeldException(String name, String holder) {
        super("run name '" + name + "' is held by " + holder + "; wait for it, cancel it (skyrun cancel " + name
                + "), or launch with another --name");
    }
}

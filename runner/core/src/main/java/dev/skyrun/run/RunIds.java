package dev.skyrun.run;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The one place a run's id is made: its name, a dash and six random hex digits ({@code train-3fa9c1}). */
public final class RunIds {

    private RunIds() {}

    /** A fresh id for a run (or pipeline run) called {@code name}. */
    public static String next(String name) {
        return name + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    }
}

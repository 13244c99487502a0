package dev.skyrun.spec;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers of specs and metrics as people read them. */
public final class Numbers {

    private Numbers() {}

    /** A number as a person reads it: no trailing {@code .0}, at most 6 significant decimals. */
    public static String text(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}

package dev.skyrun.catalog;

/** Parses plain decimals ({@code 12}, {@code 0.94803}, {@code -1.5}) from bytes without allocating. */
final class Decimal {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18
    };

    private Decimal() {}

    /**
     * The value of {@code data[from, to)}, correctly rounded; NaN when the text is not a plain
     * decimal of at most 15 significant digits (the caller then falls back to {@link Double#parseDouble}).
     */
    static double parse(byte[] data, int from, int to) {
        int p = from;
        while (p < to && data[p] == ' ') {
            p++;
        }
        while (to > p && data[to - 1] == ' ') {
            to--;
        }
        boolean negative = p < to && data[p] == '-';
        if (negative) {
            p++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        boolean sawDigit = false;
        for (; p < to; p++) {
            byte b = data[p];
            if (b >= '0' && b <= '9') {
                sawDigit = true;
                if (mantissa != 0 || b != '0') {
                    digits++;
                }
                mantissa = mantissa * 10 + (b - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (b == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (!sawDigit || digits > 15 || fraction >= POW10.length) {
            return Double.NaN;
        }
        double value = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
        return negative ? -value : value;
    }
}

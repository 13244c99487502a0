package dev.skyrun.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The little SVG and HTML the report writes: escaping, numbers, a time axis. */
final class Svg {

    private Svg() {}

    /** Text made safe for HTML and SVG, in content and in quoted attributes. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A coordinate, one decimal. */
    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * Maps instants from {@code from} to {@code to} onto x from {@code left} to {@code right}.
     *
     * @param from the first instant shown
     * @param to the last instant shown (after {@code from})
     */
    record Scale(Instant from, Instant to, double left, double right) {

        static Scale of(Instant from, Instant to, double left, double right) {
            return new Scale(from, to.isAfter(from) ? to : from.plusSeconds(1), left, right);
        }

        double x(Instant t) {
            double span = to.toEpochMilli() - from.toEpochMilli();
            return left + (right - left) * (t.toEpochMilli() - from.toEpochMilli()) / span;
        }

        /** Tick marks and their labels ({@code +1m30s}) along {@code y}, from {@code top} down to {@code bottom}. */
        String axis(double top, double bottom) {
            StringBuilder s = new StringBuilder();
            Duration span = Duration.between(from, to);
            long step = tick(span.toSeconds());
            for (long t = 0; t <= span.toSeconds(); t += step) {
                double x = x(from.plusSeconds(t));
                s.append("<line class=\"grid\" x1=\"").append(n(x)).append("\" x2=\"").append(n(x)).append("\" y1=\"")
                        .append(n(top)).append("\" y2=\"").append(n(bottom)).append("\"/>")
                        .append("<text class=\"tick\" x=\"").append(n(x)).append("\" y=\"").append(n(top - 4))
                        .append("\">+").append(label(t)).append("</text>");
            }
            return s.toString();
        }

        private static long tick(long seconds) {
            for (long step : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400}) {
                if (seconds / step <= 10) {
                    return step;
                }
            }
            return 86400 * Math.max(1, seconds / 86400 / 10);
        }

        private static String label(long s) {
            if (s < 60) {
                return s + "s";
            }
            if (s < 3600) {
                return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
            }
            return s / 3600 + "h" + (s % 3600 == 0 ? "" : s % 3600 / 60 + "m");
        }
    }
}

package dev.skyrun.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP port or range to open to the world on a cluster's nodes ({@code resources.ports}: {@code 8080},
 * {@code 10000-10010}), as SkyPilot opens them: inbound from anywhere, on every node.
 *
 * @param first the first port
 * @param last the last port, {@code first} for a single port
 */
public record PortRange(int first, int last) {

    private static final Pattern FORM = Pattern.compile("\\s*([0-9]{1,5})\\s*(?:-\\s*([0-9]{1,5})\\s*)?");

    public PortRange {
        if (first < 1 || last > 65535 || last < first) {
            throw new IllegalArgumentException("ports are 1-65535, a range FROM-TO with FROM <= TO; got " + first + "-" + last);
        }
    }

    /** {@code 8080} or {@code 10000-10010}; empty for anything else (a port out of 1-65535, a reversed range). */
    public static Optional<PortRange> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        return first >= 1 && last <= 65535 && first <= last ? Optional.of(new PortRange(first, last)) : Optional.empty();
    }

    /** {@code 8080} or {@code 10000-10010}. */
    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}

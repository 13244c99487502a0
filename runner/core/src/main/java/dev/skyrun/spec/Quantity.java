package dev.skyrun.spec;

/**
 * A CPU or memory request: exactly {@code amount}, or at least it when written {@code N+}.
 *
 * @param amount vCPUs or GiB
 * @param orMore true for {@code N+}
 */
public record Quantity(double amount, boolean orMore) {

    public Quantity {
        if (!(amount > 0)) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
    }

    /**
     * Parses {@code 8}, {@code 8+}, {@code 7.5}, {@code 32+}; a size may carry SkyPilot's units ({@code 64GB},
     * {@code 1TB+}, {@code 512MB}: powers of 1024), read as GiB.
     */
    public static Quantity parse(String text) {
        String t = text.strip();
        boolean plus = t.endsWith("+");
        if (plus) {
            t = t.substring(0, t.length() - 1).strip();
        }
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        int power = 0;
        if (lower.length() > 2 && lower.endsWith("b") && "kmgtp".indexOf(lower.charAt(lower.length() - 2)) >= 0) {
            power = "kmgtp".indexOf(lower.charAt(lower.length() - 2)) - 2;
            t = t.substring(0, t.length() - 2).strip();
        }
        return new Quantity(Double.parseDouble(t) * Math.pow(1024, power), plus);
    }

    /** Whether an offered amount satisfies this request. */
    public boolean admits(double offered) {
        return orMore ? offered >= amount : offered == amount;
    }

    @Override
    public String toString() {
        String n = amount == Math.rint(amount) ? Long.toString((long) amount) : Double.toString(amount);
        return orMore ? n + "+" : n;
    }
}

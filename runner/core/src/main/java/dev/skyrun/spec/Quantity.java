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

    /** Parses {@code 8}, {@code 8+}, {@code 7.5}, {@code 32+}. */
    public static Quantity parse(String text) {
        String t = text.strip();
        boolean plus = t.endsWith("+");
        if (plus) {
            t = t.substring(0, t.length() - 1).strip();
        }
        return new Quantity(Double.parseDouble(t), plus);
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

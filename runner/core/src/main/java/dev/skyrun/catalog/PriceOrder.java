package dev.skyrun.catalog;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Offerings in price order, as primitive columns (vCPUs, memory, price, cloud) a filter can scan
 * in one tight loop: the optimizer's index for requests without accelerators.
 *
 * <p>Rows are ordered by price rounded to micro-dollars, then (spot prices) by
 * {@link Offering#SPOT_TIE} (on-demand price, then size), then by name (cloud, region, zone, instance type), which is the
 * order the optimizer ranks them in; rows without the price (no spot sold) come last, in name
 * order. Immutable.
 */
public final class PriceOrder {
    /** Prices from $0 up to (not including) 2^36 micro-dollars per hour are ordered exactly. */
    public static final long PRICE_LIMIT_MICROS = 1L << 36;
    private static final int INDEX_BITS = 20;

    private final boolean spot;
    private final Offering[] rows;
    private final double[] vcpus;
    private final double[] memory;
    private final double[] prices;
    private final int[] clouds;
    private final String[] cloudNames;
    private final boolean complete;

    private PriceOrder(boolean spot, Offering[] rows, String[] cloudNames, int[] clouds, boolean complete) {
        this.spot = spot;
        this.rows = rows;
        this.cloudNames = cloudNames;
        this.clouds = clouds;
        this.complete = complete;
        int n = rows.length;
        vcpus = new double[n];
        memory = new double[n];
        prices = new double[n];
        for (int i = 0; i < n; i++) {
            vcpus[i] = rows[i].vcpus();
            memory[i] = rows[i].memoryGib();
            prices[i] = price(rows[i], spot);
        }
    }

    /**
     * {@code nameOrdered} (offerings in name order) by their spot or on-demand price. When a
     * price is negative, not a number or above {@link #PRICE_LIMIT_MICROS}, or there are more
     * than a million rows, the result is not {@link #complete()} and has no rows.
     */
    static PriceOrder of(List<Offering> nameOrdered, boolean spot) {
        int n = nameOrdered.size();
        if (n >= 1 << INDEX_BITS) {
            return new PriceOrder(spot, new Offering[0], new String[0], new int[0], false);
        }
        long[] keys = new long[n];
        int priced = 0;
        for (int i = 0; i < n; i++) {
            double p = price(nameOrdered.get(i), spot);
            long micros = Math.round(p * 1e6);
            if (Double.isNaN(p) && spot) {
                continue;
            }
            if (!(p >= 0) || micros >= PRICE_LIMIT_MICROS) {
                return new PriceOrder(spot, new Offering[0], new String[0], new int[0], false);
            }
            keys[priced++] = (micros << INDEX_BITS) | i;
        }
        Arrays.sort(keys, 0, priced);
        Offering[] rows = new Offering[n];
        for (int i = 0; i < priced; i++) {
            rows[i] = nameOrdered.get((int) (keys[i] & ((1 << INDEX_BITS) - 1)));
        }
        if (spot) {
            breakSpotTies(rows, keys, priced);
        }
        int next = priced;
        for (Offering o : nameOrdered) {
            if (Double.isNaN(price(o, spot))) {
                rows[next++] = o;
            }
        }
        Map<String, Integer> ids = new HashMap<>();
        int[] clouds = new int[n];
        for (int i = 0; i < n; i++) {
            clouds[i] = ids.computeIfAbsent(rows[i].cloud(), c -> ids.size());
        }
        String[] names = new String[ids.size()];
        ids.forEach((c, id) -> names[id] = c);
        return new PriceOrder(spot, rows, names, clouds, true);
    }

    /** Orders each run of equal micro-dollar prices by {@link Offering#SPOT_TIE}, keeping name order within its ties. */
    private static void breakSpotTies(Offering[] rows, long[] keys, int priced) {
        int start = 0;
        for (int i = 1; i <= priced; i++) {
            if (i == priced || (keys[i] >>> INDEX_BITS) != (keys[start] >>> INDEX_BITS)) {
                if (i - start > 1) {
                    Arrays.sort(rows, start, i, Offering.SPOT_TIE); // stable: name order stays within ties
                }
                start = i;
            }
        }
    }

    private static double price(Offering o, boolean spot) {
        return spot ? o.spotPrice().orElse(Double.NaN) : o.onDemandPrice();
    }

    /** Whether every offering is here, in order (else there are no rows: use another index). */
    public boolean complete() {
        return complete;
    }

    /** Whether the prices are spot prices. */
    public boolean spot() {
        return spot;
    }

    /** How many rows. */
    public int size() {
        return rows.length;
    }

    /** The offering of row {@code i}. */
    public Offering offering(int i) {
        return rows[i];
    }

    /** The vCPUs of row {@code i}. */
    public double vcpus(int i) {
        return vcpus[i];
    }

    /** The memory GiB of row {@code i}. */
    public double memoryGib(int i) {
        return memory[i];
    }

    /** The price of row {@code i}; not a number when no spot is sold. */
    public double price(int i) {
        return prices[i];
    }

    /** The cloud of row {@code i}, as an index of {@link #cloudNames()}. */
    public int cloud(int i) {
        return clouds[i];
    }

    /** The clouds of the rows, by index. */
    public List<String> cloudNames() {
        return List.of(cloudNames);
    }
}

package dev.skyrun.plan;

import dev.skyrun.catalog.Offering;
import java.util.Arrays;

/**
 * The candidates that passed every filter, as parallel arrays (tens of thousands per request).
 * A segment is a run added in name order (one alternative's catalog list); survivors of one
 * segment need no name comparison to break price ties.
 */
final class Survivors {
    Offering[] offerings = new Offering[256];
    int[] alternatives = new int[256];
    int[] segments = new int[256];
    double[] prices = new double[256];
    int size;

    void add(Offering o, int alternative, int segment, double price) {
        if (size == offerings.length) {
            int n = size * 2;
            offerings = Arrays.copyOf(offerings, n);
            alternatives = Arrays.copyOf(alternatives, n);
            segments = Arrays.copyOf(segments, n);
            prices = Arrays.copyOf(prices, n);
        }
        offerings[size] = o;
        alternatives[size] = alternative;
        segments[size] = segment;
        prices[size] = price;
        size++;
    }
}

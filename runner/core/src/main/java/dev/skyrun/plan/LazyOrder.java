package dev.skyrun.plan;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sorted order of packed keys, produced a chunk at a time as it is read: asking for the first ten
 * placements of 60,000 costs one linear selection and a small sort, not a full sort. Chunks
 * double in size, so reading everything stays O(n log n).
 *
 * <p>A chunk always ends at a run boundary (keys equal but for their index bits), so
 * {@link #sortedRun} can fix the order inside a run by name.
 */
final class LazyOrder {
    private static final int FIRST_CHUNK = 64;

    /** Re-orders one run of equal-priced entries, {@code [from, to)} of {@code keys}. */
    interface RunSorter {
        void sortedRun(long[] keys, int from, int to);
    }

    private final long[] keys;
    private final int indexBits;
    private final RunSorter runs;
    private int sortedUpTo;

    LazyOrder(long[] keys, int indexBits, RunSorter runs) {
        this.keys = keys;
        this.indexBits = indexBits;
        this.runs = runs;
    }

    int size() {
        return keys.length;
    }

    /** The survivor index at position {@code i} of the sorted order. */
    synchronized int indexAt(int i) {
        while (i >= sortedUpTo) {
            sortNextChunk();
        }
        return (int) (keys[i] & ((1L << indexBits) - 1));
    }

    private void sortNextChunk() {
        int from = sortedUpTo;
        int end = Math.min(keys.length, from + Math.max(FIRST_CHUNK, from));
        if (end < keys.length) {
            select(keys, from, keys.length - 1, end - 1);
        }
        Arrays.sort(keys, from, end);
        end = gatherRun(end);
        int runStart = from;
        for (int i = from + 1; i <= end; i++) {
            if (i == end || !sameRun(keys[i], keys[runStart])) {
                if (i - runStart > 1) {
                    runs.sortedRun(keys, runStart, i);
                }
                runStart = i;
            }
        }
        sortedUpTo = end;
    }

    /**
     * Extends the sorted part {@code [.., end)} by the keys of {@code [end, n)} in the same run as
     * its last key (after {@link #select} none is smaller), in one pass; returns the new end.
     */
    private int gatherRun(int end) {
        if (end == 0 || end == keys.length) {
            return end;
        }
        long last = keys[end - 1];
        int to = end;
        for (int i = end; i < keys.length; i++) {
            if (sameRun(keys[i], last)) {
                long k = keys[i];
                keys[i] = keys[to];
                keys[to++] = k;
            }
        }
        Arrays.sort(keys, end, to);
        return to;
    }

    private boolean sameRun(long a, long b) {
        return (a >>> indexBits) == (b >>> indexBits);
    }

    /** Quickselect: afterwards {@code a[k]} holds the key it would in sorted order, smaller ones before it. */
    private static void select(long[] a, int lo, int hi, int k) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (hi > lo) {
            long pivot = a[lo + random.nextInt(hi - lo + 1)];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }
}

package dev.skyrun.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The accelerator names of one catalog, as it spells them, looked up case-insensitively and through common
 * aliases ({@link AcceleratorNames#unalias}): {@code a100-40gb} is {@code A100}, {@code h100-80gb} is {@code H100},
 * {@code tpu-v5e-8} is {@code tpu-v5litepod-8}, {@code inferentia} is {@code Inferentia2}.
 */
public final class AcceleratorIndex {
    private final TreeMap<String, String> byLowerCase = new TreeMap<>();

    private AcceleratorIndex(Collection<String> names) {
        for (String n : names) {
            if (!n.isBlank()) {
                byLowerCase.putIfAbsent(n.toLowerCase(Locale.ROOT), n);
            }
        }
    }

    /** The names given, as spelled there. */
    public static AcceleratorIndex of(Collection<String> names) {
        return new AcceleratorIndex(names);
    }

    /** The canonical spelling of {@code name}, or empty when no accelerator is called that. */
    public Optional<String> canonical(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        String direct = byLowerCase.get(lower);
        return direct != null ? Optional.of(direct) : Optional.ofNullable(byLowerCase.get(AcceleratorNames.unalias(lower)));
    }

    /** Every name, sorted case-insensitively. */
    public SortedSet<String> all() {
        TreeSet<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        out.addAll(byLowerCase.values());
        return out;
    }

    /** Up to three names closest to {@code name} (edit distance, then prefix), for "did you mean". */
    public List<String> suggestions(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        record Scored(String name, int distance) {}
        List<Scored> scored = new ArrayList<>();
        for (Map.Entry<String, String> e : byLowerCase.entrySet()) {
            int d = distance(lower, e.getKey());
            boolean prefix = !lower.isEmpty() && e.getKey().startsWith(lower);
            if (d <= 2 * Math.max(2, lower.length() / 3) || prefix) {
                scored.add(new Scored(e.getValue(), prefix ? 0 : d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        return scored.stream().limit(3).map(Scored::name).toList();
    }

    /** Edit distance in half steps: a look-alike substitution (o/0, l/1/i) costs 1, any other edit 2. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = 2 * j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = 2 * i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = substitution(a.charAt(i - 1), b.charAt(j - 1));
                cur[j] = Math.min(Math.min(cur[j - 1] + 2, prev[j] + 2), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static int substitution(char x, char y) {
        if (x == y) {
            return 0;
        }
        String lookAlike = "o0 l1 i1 il";
        return lookAlike.contains("" + x + y) || lookAlike.contains("" + y + x) ? 1 : 2;
    }
}

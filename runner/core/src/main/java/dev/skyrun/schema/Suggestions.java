package dev.skyrun.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys, enum values and names: the known words closest to what
 * the user wrote, by edit distance (with transpositions), case-insensitively.
 *
 * <pre>{@code
 * Suggestions.closest("num_node", List.of("name", "num_nodes", "run")) // Optional[num_nodes]
 * Suggestions.hint("use_spots", keys)                                    // "did you mean 'use_spot'?"
 * }</pre>
 */
public final class Suggestions {

    private Suggestions() {}

    /** The known word closest to {@code word}, if one is close enough to be a likely typo. */
    public static Optional<String> closest(String word, Collection<String> known) {
        List<String> all = ranked(word, known);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every known word close enough to {@code word}, closest first. */
    public static List<String> ranked(String word, Collection<String> known) {
        String w = word.toLowerCase(Locale.ROOT);
        List<Scored> scored = new ArrayList<>();
        for (String k : known) {
            String kl = k.toLowerCase(Locale.ROOT);
            int d = distance(w, kl);
            boolean prefix = w.length() >= 3 && (kl.startsWith(w) || w.startsWith(kl));
            if (d <= threshold(Math.max(w.length(), kl.length())) || prefix) {
                scored.add(new Scored(k, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::word));
        return scored.stream().map(Scored::word).toList();
    }

    /** {@code did you mean 'x'?}, or empty when nothing is close. */
    public static Optional<String> hint(String word, Collection<String> known) {
        return closest(word, known).map(s -> "did you mean '" + s + "'?");
    }

    private static int threshold(int length) {
        return length <= 3 ? 1 : length <= 6 ? 2 : 3;
    }

    /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }

    private record Scored(String word, int distance) {}
}

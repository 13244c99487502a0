package dev.skyrun.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/**
 * Prints rows as aligned columns separated by two spaces: left-aligned, or right-aligned for the
 * given (numeric) columns; the last column is not padded and no line ends in spaces.
 */
final class Table {
    private Table() {}

    static void print(PrintWriter out, List<String[]> rows) {
        print(out, rows, Set.of());
    }

    static void print(PrintWriter out, List<String[]> rows, Set<Integer> rightAligned) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                String fill = " ".repeat(width[i] - r[i].length());
                boolean last = i == r.length - 1;
                line.append(rightAligned.contains(i) ? fill + r[i] : r[i] + (last ? "" : fill));
                if (!last) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}

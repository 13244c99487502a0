package dev.skyrun.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's mount table ({@code /proc/mounts}) as skyrun reads it: which FUSE file systems
 * are mounted below a directory (a run's), so that none is left behind when the run ends.
 */
public final class MountTable {

    private static final Path PROC_MOUNTS = Path.of("/proc/mounts");

    private MountTable() {}

    /** The mount points of FUSE file systems at or below {@code dir}, deepest first. */
    public static List<Path> fuseBelow(Path dir) throws IOException {
        if (!Files.isReadable(PROC_MOUNTS)) {
            return List.of();
        }
        Path base = dir.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(PROC_MOUNTS)) {
            String[] f = line.split(" ");
            if (f.length >= 3 && f[2].startsWith("fuse")) {
                Path point = Path.of(unescape(f[1]));
                if (point.startsWith(base)) {
                    out.add(point);
                }
            }
        }
        out.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        return out;
    }

    /** Whether a FUSE file system is mounted exactly at {@code point}. */
    public static boolean isMounted(Path point) throws IOException {
        return fuseBelow(point).contains(point.toAbsolutePath().normalize());
    }

    /** {@code /proc/mounts} writes space, tab, newline and backslash as three octal digits after a backslash. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

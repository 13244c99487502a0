package dev.skyrun.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands a command-line target into spec files: a file is itself, a directory is every
 * {@code *.yaml}/{@code *.yml} below it (hidden directories skipped), a glob
 * ({@code specs/**}{@code /*.yaml}) is matched below its fixed leading directories.
 */
final class SpecFiles {

    private SpecFiles() {}

    static List<Path> expand(String target) {
        int glob = firstGlobChar(target);
        if (glob < 0) {
            Path p = Path.of(target);
            return Files.isDirectory(p) ? walk(p, null) : List.of(p);
        }
        int slash = target.lastIndexOf('/', glob);
        Path base = slash < 0 ? Path.of(".") : Path.of(target.substring(0, Math.max(1, slash)));
        String pattern = slash < 0 ? "./" + target : target;
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        return Files.isDirectory(base) ? walk(base, m) : List.of();
    }

    private static int firstGlobChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[{".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<Path> walk(Path base, PathMatcher matcher) {
        try (Stream<Path> all = Files.walk(base)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> !hidden(base.relativize(p)))
                    .filter(p -> matcher != null ? matcher.matches(p) : isYaml(p))
                    .map(p -> matcher != null && p.startsWith("./") ? Path.of(".").relativize(p) : p)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".") && !part.toString().equals(".")) {
                return true;
            }
        }
        return false;
    }
}

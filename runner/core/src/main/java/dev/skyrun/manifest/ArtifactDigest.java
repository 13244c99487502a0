package dev.skyrun.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The digest of an artifact: a file's sha256, or the deterministic digest of a directory tree.
 *
 * <p>The tree digest ({@code sha256-tree-v1}) is the sha256 of one line per regular file below
 * the root, in the order of the files' relative paths compared as UTF-8 bytes, {@code /}
 * separating path segments:
 * <pre>
 * &lt;sha256 of the file's bytes&gt; &lt;size in bytes&gt; &lt;path length in UTF-8 bytes&gt;:&lt;path&gt;\n
 * </pre>
 * File names and contents count; directories only through the files in them (an object store
 * holds no empty directories, so the same digest can be recomputed from a store's keys);
 * permissions, owners and times do not. Symbolic links and other special files are refused:
 * a store cannot hold them. The length prefix makes any name, even one with a newline,
 * unambiguous. An empty tree digests the empty string.
 *
 * @param sha256 lowercase hex digest
 * @param kind whether it digests a file or a tree
 * @param size bytes (a tree: the sum of its regular files)
 */
public record ArtifactDigest(String sha256, Kind kind, long size) {

    /** What was digested. */
    public enum Kind {
        /** A regular file: sha256 of its bytes. */
        FILE,
        /** A directory: {@code sha256-tree-v1}. */
        TREE
    }

    public ArtifactDigest {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(kind, "kind");
    }

    /** Digests a file or a directory tree. */
    public static ArtifactDigest of(Path path) throws IOException {
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return new ArtifactDigest(Digests.sha256(path), Kind.FILE, Files.size(path));
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return tree(path);
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path.toString(), null, "artifact not found");
        }
        throw new IOException(path + " is neither a regular file nor a directory; cannot digest it");
    }

    private static ArtifactDigest tree(Path root) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (!p.equals(root) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(new Entry(relative(root, p), p));
                }
            }
        }
        entries.sort((a, b) -> compareBytes(a.name(), b.name()));
        MessageDigest md = Digests.sha256();
        long size = 0;
        for (Entry e : entries) {
            if (Files.isSymbolicLink(e.path()) || !Files.isRegularFile(e.path(), LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(e.path() + " is a link or special file; an artifact tree holds only files and"
                        + " directories (copy the link's target in instead)");
            }
            long n = Files.size(e.path());
            size += n;
            md.update(line(Digests.sha256(e.path()), n, e.name()));
        }
        return new ArtifactDigest(HexFormat.of().formatHex(md.digest()), Kind.TREE, size);
    }

    private static String relative(Path root, Path p) {
        StringBuilder sb = new StringBuilder();
        for (Path segment : root.relativize(p)) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(segment);
        }
        return sb.toString();
    }

    /** One line of a tree digest: {@code SHA256 SIZE LEN:PATH\n}. */
    public static byte[] line(String sha256, long size, String relativePath) {
        String line = sha256 + " " + size + " " + relativePath.getBytes(StandardCharsets.UTF_8).length + ":" + relativePath + "\n";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** Sorts relative paths the way the tree digest orders them (UTF-8 bytes, unsigned). */
    public static void sortPaths(java.util.List<String> paths) {
        paths.sort(ArtifactDigest::compareBytes);
    }

    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private record Entry(String name, Path path) {}
}

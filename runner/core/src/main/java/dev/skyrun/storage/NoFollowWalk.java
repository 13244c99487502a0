package dev.skyrun.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Visits the regular files under a directory a job can write to without following a symbolic
 * link anywhere: each directory is opened relative to its parent's open handle ({@code openat}
 * with {@code O_NOFOLLOW}, through {@link SecureDirectoryStream}) and each file the same way,
 * so a job that swaps a directory for a link while skyrun reads cannot send it out of the tree.
 * Links are reported, never followed.
 */
final class NoFollowWalk {

    /** Receives each regular file: its key (relative path, {@code /}-separated) and its bytes. */
    @FunctionalInterface
    interface Visitor {
        void file(String key, Opener bytes) throws IOException;
    }

    /** Opens one file's bytes (again, if called again). */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    private final Path root;
    private final Visitor visitor;
    private final List<String> links = new ArrayList<>();

    private NoFollowWalk(Path root, Visitor visitor) {
        this.root = root;
        this.visitor = visitor;
    }

    /**
     * Hands every regular file under {@code dir} to {@code visitor}, directories in name order.
     *
     * @return the links met, each as {@code key -> target}
     */
    static List<String> walk(Path dir, Visitor visitor) throws IOException {
        NoFollowWalk w = new NoFollowWalk(dir, visitor);
        if (Files.isSymbolicLink(dir)) {
            w.links.add(". -> " + Files.readSymbolicLink(dir));
        } else if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> top = Files.newDirectoryStream(dir)) {
                if (!(top instanceof SecureDirectoryStream<Path> sds)) {
                    throw new IOException("this platform cannot read a directory without following links; refusing to"
                            + " copy " + dir);
                }
                w.visit(sds, "");
            }
        }
        return List.copyOf(w.links);
    }

    private void visit(SecureDirectoryStream<Path> dir, String prefix) throws IOException {
        List<Path> names = new ArrayList<>();
        dir.forEach(p -> names.add(p.getFileName()));
        names.sort(null);
        for (Path name : names) {
            String key = prefix + name;
            BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
            if (a.isSymbolicLink()) {
                links.add(key + " -> " + target(key));
            } else if (a.isDirectory()) {
                try (SecureDirectoryStream<Path> sub = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    visit(sub, key + "/");
                }
            } else if (a.isRegularFile()) {
                visitor.file(key, () -> Channels.newInputStream(dir.newByteChannel(name,
                        Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))));
            }
        }
    }

    /** The link's target, for the message only (read by path: it is never opened). */
    private String target(String key) {
        try {
            return Files.readSymbolicLink(root.resolve(key)).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }
}

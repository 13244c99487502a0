package dev.skyrun.storage;

import dev.skyrun.schema.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * An object store kept in a local directory: key {@code a/b.txt} is file {@code ROOT/a/b.txt}.
 * Writes go through a temporary file and an atomic move, so a reader never sees half an object.
 * Objects are {@code 0600}; directories it creates get the root's permissions (a store under
 * skyrun's home, {@code 0700}, stays owner-only all the way down).
 */
public final class LocalDirStore implements ObjectStore {

    private final Path root;

    /** A store rooted at {@code root} (created on first write). */
    public LocalDirStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The directory holding the objects. */
    public Path root() {
        return root;
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = file(key);
        OwnerOnly.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        OwnerOnly.restrictIn(target.getParent(), tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Path target = file(key);
        OwnerOnly.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
        Files.write(tmp, bytes);
        OwnerOnly.restrictIn(target.getParent(), tmp);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public InputStream open(String key) throws IOException {
        Path f = file(key);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(f.toString());
        }
        if (!f.getParent().toRealPath().startsWith(root.toRealPath())) {
            throw new IOException("object " + key + " lies behind a symbolic link out of the store at " + root
                    + "; a store never follows a link");
        }
        return Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(k -> k.startsWith(prefix) && !k.contains("/.put-") && !k.startsWith(".put-"))
                    .forEach(keys::add);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    private Path file(String key) {
        Path f = root.resolve(key).normalize();
        if (!f.startsWith(root) || f.equals(root)) {
            throw new InvalidInputException("key '" + key + "' leaves the store at " + root);
        }
        return f;
    }
}

package dev.skyrun.manifest;

import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Artifacts in an object store: a file is one object under its key; a tree is one object per
 * file under {@code KEY/RELATIVE/PATH}. Digests recomputed from the store equal
 * {@link ArtifactDigest#of} of the local original.
 */
public final class StoredArtifacts {

    private StoredArtifacts() {}

    /** Uploads a file or tree under {@code key}; returns its digest (computed from the local copy). */
    public static ArtifactDigest put(Path local, ObjectStore store, String key) throws IOException {
        ArtifactDigest digest = ArtifactDigest.of(local);
        if (digest.kind() == ArtifactDigest.Kind.FILE) {
            store.put(key, local);
            return digest;
        }
        try (Stream<Path> walk = Files.walk(local)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    store.put(key + "/" + local.relativize(p).toString().replace('\\', '/'), p);
                }
            }
        }
        return digest;
    }

    /** Recomputes an artifact's digest from the store; {@link java.nio.file.NoSuchFileException} when absent. */
    public static ArtifactDigest digest(ObjectStore store, String key, ArtifactDigest.Kind kind) throws IOException {
        if (kind == ArtifactDigest.Kind.FILE) {
            try (InputStream in = store.open(key); CountingStream counted = new CountingStream(in)) {
                String sha = Digests.sha256(counted);
                return new ArtifactDigest(sha, kind, counted.count);
            }
        }
        String prefix = key + "/";
        List<String> paths = new ArrayList<>();
        for (String k : store.list(prefix)) {
            paths.add(k.substring(prefix.length()));
        }
        ArtifactDigest.sortPaths(paths);
        MessageDigest md = Digests.sha256();
        long size = 0;
        for (String rel : paths) {
            try (InputStream in = store.open(prefix + rel); CountingStream counted = new CountingStream(in)) {
                String sha = Digests.sha256(counted);
                size += counted.count;
                md.update(ArtifactDigest.line(sha, counted.count, rel));
            }
        }
        return new ArtifactDigest(HexFormat.of().formatHex(md.digest()), kind, size);
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

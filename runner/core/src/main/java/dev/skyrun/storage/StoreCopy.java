package dev.skyrun.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * COPY-mode transfers between a local directory and an object store, checked by sha256.
 *
 * <p>An upload writes every file, then a {@value #SUMS} object listing {@code sha256  key} per
 * line (the {@code sha256sum} format); a download verifies each object against it and fails
 * naming the key when a digest differs.
 */
public final class StoreCopy {

    /** The digest list written last by an upload. */
    public static final String SUMS = ".skyrun-sha256";

    private StoreCopy() {}

    /**
     * One file copied.
     *
     * @param key its key relative to the store root
     * @param bytes its size
     * @param sha256 its digest, lower-case hex
     */
    public record Copied(String key, long bytes, String sha256) {}

    /**
     * Uploads every regular file under {@code dir}; returns what was copied, sorted by key.
     *
     * @throws LinkRefusedException when the directory holds symbolic links (the files were copied, the links not)
     */
    public static List<Copied> upload(Path dir, ObjectStore store) throws IOException {
        return upload(dir, store, Map.of());
    }

    /**
     * Uploads the files under {@code dir} whose sha256 differs from {@code known} (key to digest,
     * e.g. what a download brought); the digest list names every file. Returns what was copied.
     * A symbolic link is never followed: nothing is read through it, not even a directory on the way.
     *
     * @throws LinkRefusedException when the directory holds symbolic links (the files were copied, the links not)
     */
    public static List<Copied> upload(Path dir, ObjectStore store, Map<String, String> known) throws IOException {
        return upload(dir, store, known, true);
    }

    /**
     * Uploads every regular file under {@code dir} as {@link #upload(Path, ObjectStore)} does, but writes no
     * {@value #SUMS}: for a store that others write to (a job's mount, a user's named store), where a digest list
     * would go stale, show in the mount, and hold a later download to old digests.
     *
     * @throws LinkRefusedException when the directory holds symbolic links (the files were copied, the links not)
     */
    public static List<Copied> uploadWithoutDigestList(Path dir, ObjectStore store) throws IOException {
        return upload(dir, store, Map.of(), false);
    }

    private static List<Copied> upload(Path dir, ObjectStore store, Map<String, String> known, boolean digestList)
            throws IOException {
        List<Copied> copied = new ArrayList<>();
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(dir)) {
            return copied;
        }
        Map<String, String> sums = new TreeMap<>();
        List<String> links = NoFollowWalk.walk(dir, (key, bytes) -> {
            if (key.equals(SUMS)) {
                return;
            }
            String sha = sha256(bytes);
            if (!sha.equals(known.get(key))) {
                Path tmp = Files.createTempFile("skyrun-upload-", ".tmp");
                try {
                    MessageDigest md = digest();
                    try (InputStream in = new DigestInputStream(bytes.open(), md)) {
                        Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    sha = HexFormat.of().formatHex(md.digest());
                    store.put(key, tmp);
                    copied.add(new Copied(key, Files.size(tmp), sha));
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            sums.put(key, sha);
        });
        if (digestList && (!copied.isEmpty() || known.isEmpty())) {
            StringBuilder text = new StringBuilder();
            sums.forEach((key, sha) -> text.append(sha).append("  ").append(key).append('\n'));
            store.put(SUMS, text.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!links.isEmpty()) {
            throw new LinkRefusedException(dir, links);
        }
        copied.sort(java.util.Comparator.comparing(Copied::key));
        return copied;
    }

    private static String sha256(NoFollowWalk.Opener bytes) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(bytes.open(), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Downloads every object of the store into {@code dir}, verifying digests listed in {@value #SUMS}.
     *
     * @throws IOException when an object's digest differs from the list
     */
    public static List<Copied> download(ObjectStore store, Path dir) throws IOException {
        Map<String, String> expected = readSums(store);
        List<Copied> copied = new ArrayList<>();
        for (String key : store.list("")) {
            if (key.equals(SUMS)) {
                continue;
            }
            Path target = dir.resolve(key).normalize();
            if (!target.startsWith(dir)) {
                throw new IOException("object key '" + key + "' leaves the target directory " + dir);
            }
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(dir.toRealPath())) {
                throw new IOException("object key '" + key + "' would be written through a symbolic link out of " + dir);
            }
            Files.deleteIfExists(target); // a link left there is removed, never written through
            MessageDigest md = digest();
            long n;
            try (InputStream in = new DigestInputStream(store.open(key), md);
                    OutputStream out = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                n = in.transferTo(out);
            }
            String sha = HexFormat.of().formatHex(md.digest());
            String want = expected.get(key);
            if (want != null && !want.equals(sha)) {
                throw new IOException("sha256 of '" + key + "' is " + sha + " but the upload recorded " + want
                        + "; the object changed or was corrupted in the store");
            }
            copied.add(new Copied(key, n, sha));
        }
        return copied;
    }

    /** The sha256 of a file, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, String> readSums(ObjectStore store) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        if (!store.list(SUMS).contains(SUMS)) {
            return sums;
        }
        try (InputStream in = store.open(SUMS)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int i = line.indexOf("  ");
                if (i > 0) {
                    sums.put(line.substring(i + 2), line.substring(0, i));
                }
            }
        }
        return sums;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}

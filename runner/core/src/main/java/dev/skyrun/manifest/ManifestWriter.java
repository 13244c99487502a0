package dev.skyrun.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a manifest file once, atomically: a reader (or a crash, or {@code kill -9}) sees either
 * no file or the complete file, never a part, and an existing manifest is never replaced.
 *
 * <p>Steps: write the bytes to {@code .NAME.PID.tmp} in the target's directory, fsync it,
 * hard-link it to the target name (which fails if the target exists: no-clobber and atomic),
 * remove the temp name, fsync the directory. Temp files left by a killed writer are removed by
 * the next write to the same directory once their process is gone.
 */
public final class ManifestWriter {

    private static final Pattern TEMP = Pattern.compile("\\..+\\.(\\d{1,18})\\.tmp");

    private ManifestWriter() {}

    /**
     * Writes {@code bytes} to {@code target} unless it exists.
     *
     * @throws FileAlreadyExistsException when {@code target} exists (manifests are never rewritten)
     */
    public static void writeOnce(Path target, byte[] bytes) throws IOException {
        Path dir = dev.skyrun.storage.OwnerOnly.createDirectories(target.toAbsolutePath().getParent());
        sweepStaleTemps(dir);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "a manifest is never rewritten");
        }
        Path temp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), dev.skyrun.storage.OwnerOnly.fileIn(dir))) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.createLink(target, temp);
        } finally {
            Files.deleteIfExists(temp);
        }
        fsyncDirectory(dir);
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory for fsync; the rename is still atomic.
            if (!"Is a directory".equals(e.getMessage())) {
                throw e;
            }
        }
    }

    private static void sweepStaleTemps(Path dir) throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path t : temps) {
                Matcher m = TEMP.matcher(t.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    Files.deleteIfExists(t);
                }
            }
        }
    }
}

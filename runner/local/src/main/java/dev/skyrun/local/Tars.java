package dev.skyrun.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Tar archives of local directories, for copying into containers. */
final class Tars {

    private Tars() {}

    /** A temporary tar of {@code dir}'s contents under {@code prefix/} (deleted by the caller). */
    static Path ofDirectory(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("workdir " + dir + " is not a directory");
        }
        Path tar = Files.createTempFile("skyrun-workdir-", ".tar");
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(dir)) {
            entries = walk.sorted().toList();
        }
        try (OutputStream os = Files.newOutputStream(tar); TarArchiveOutputStream out = new TarArchiveOutputStream(os)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : entries) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                String name = rel.isEmpty() ? prefix + "/" : prefix + "/" + rel;
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                TarArchiveEntry e = new TarArchiveEntry(p.toFile(), Files.isDirectory(p) && !name.endsWith("/")
                        ? name + "/" : name);
                out.putArchiveEntry(e);
                if (Files.isRegularFile(p)) {
                    Files.copy(p, out);
                }
                out.closeArchiveEntry();
            }
        }
        return tar;
    }
}

package dev.skyrun.state;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the disk under a directory is full, for errors that should say so rather than guess. */
public final class DiskSpace {

    /** Below this many usable bytes SQLite cannot grow a database or map its shared-memory file. */
    static final long FULL_BELOW = 256 * 1024;

    private DiskSpace() {}

    /** Whether the file system holding {@code dir} has (almost) no usable space left. */
    public static boolean full(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace() < FULL_BELOW;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code "12 KiB free of 2048 KiB on /tmp (tmpfs)"}: what the disk under {@code dir} has left. */
    public static String describe(Path dir) {
        try {
            FileStore store = Files.getFileStore(dir);
            return store.getUsableSpace() / 1024 + " KiB free of " + store.getTotalSpace() / 1024 + " KiB on "
                    + store.name() + " (" + store.type() + ")";
        } catch (IOException e) {
            return "free space unknown: " + e.getMessage();
        }
    }
}

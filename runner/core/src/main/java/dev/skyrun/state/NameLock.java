package dev.skyrun.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock a run's controller holds on its name ({@code locks/NAME} in {@link SkyrunHome}), so
 * two launches of one name never run at once. The file says who holds it; the OS releases the
 * lock when the holder dies, so a killed runner never leaves a stale lock.
 *
 * <p>One process may run several controllers (the skyrun agent): the names this process holds are
 * also kept in memory and checked first, because an OS file lock is per process, and closing any
 * channel of a locked file would release the lock another thread holds.
 */
public final class NameLock implements HeldName {

    /** The lock files this process holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private NameLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code name} for {@code runId}, or returns who holds it.
     *
     * @return the lock, or empty when held; then {@link #holder} names the holder
     */
    public static Optional<NameLock> tryAcquire(SkyrunHome home, String name, String runId) throws IOException {
        Path file = home.lockDir().resolve(name + ".lock");
        if (!HELD.add(file)) {
            return Optional.empty(); // another controller of this process holds it
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            SkyrunHome.privateFile(file);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                HELD.remove(file);
                return Optional.empty();
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("run " + runId + " (pid " + ProcessHandle.current().pid() + ")\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return Optional.of(new NameLock(file, ch, lock));
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    /**
     * Who holds the lock of {@code name}, as its file says ({@code run r-1 (pid 42)}); empty while
     * its holder has not written it yet (another thread of the agent may hold the name before the
     * file exists).
     */
    static Optional<String> holder(SkyrunHome home, String name) throws IOException {
        Path file = home.lockDir().resolve(name + ".lock");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(file);
            }
        }
    }
}

package dev.skyrun.run;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.state.Intent;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import dev.skyrun.storage.FuseMount;
import dev.skyrun.storage.MountTable;
import dev.skyrun.storage.RcloneRemote;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A run's {@code MOUNT} and {@code MOUNT_CACHED} file mounts on this machine: rclone FUSE mounts
 * under the run's directory ({@code runs/ID/fuse/N}) that the job's container binds. Written
 * files of a cached mount are flushed before an attempt is declared ended; every mount is
 * released when the run ends, and {@code down}/{@code resume} release what a killed launch left.
 */
final class FuseMounts {

    /** How long an attempt's end waits for a cached mount's uploads. */
    static final Duration FLUSH_WAIT = Duration.ofMinutes(10);

    private final StateStore state;
    private final String runId;
    private final Events events;
    private final Function<String, Optional<RcloneRemote>> remotes;

    FuseMounts(StateStore state, String runId, Events events, Function<String, Optional<RcloneRemote>> remotes) {
        this.state = state;
        this.runId = runId;
        this.events = events;
        this.remotes = remotes;
    }

    /** The directory of the run's FUSE mounts (not created). */
    static Path dir(SkyrunHome home, String runId) {
        return home.dir().resolve("runs").resolve(runId).resolve("fuse");
    }

    /** Where the run's {@code index}-th FUSE mount is (not created). */
    Path point(int index) {
        return dir(state.home(), runId).resolve(Integer.toString(index));
    }

    /** Mounts {@code m} ({@code uri}) as the run's {@code index}-th FUSE mount; returns the host directory the job binds. */
    Path mount(FileMount m, StoreUri uri, int index, int attempt) throws IOException {
        RcloneRemote remote = remotes.apply(uri.scheme()).orElseThrow(() -> new InvalidInputException("file mount "
                + m.target() + ": no plug-in mounts " + uri.scheme() + ":// stores yet; use mode: COPY"));
        state.home().privateDir(dir(state.home(), runId));
        Path point = point(index);
        if (MountTable.isMounted(point)) {
            FuseMount.releaseBelow(point, FLUSH_WAIT).forEach(p -> events.emit(EventKind.STAGED_OUT, attempt, p));
        }
        boolean cached = m.mode() == FileMount.MountMode.MOUNT_CACHED;
        Intent intent = state.intend(runId, Optional.of(attempt), "mount", uri.toString());
        FuseMount.mount(remote, uri, point, cached ? FuseMount.Caching.CACHED : FuseMount.Caching.STREAMED);
        state.done(intent);
        events.emit(EventKind.STAGED_IN, attempt, "mounted " + uri + " at " + m.target() + " (" + m.mode()
                + (cached ? ": cached on local disk, written back" : ": streamed, nothing copied") + ")");
        return point;
    }

    /** Waits until every cached mount of the run uploaded what was written to it; returns what was not, if anything. */
    Optional<String> flush(int attempt) throws IOException {
        List<Path> points = MountTable.fuseBelow(dir(state.home(), runId));
        for (Path point : points) {
            try {
                FuseMount.flush(point, FLUSH_WAIT);
            } catch (IOException e) {
                events.emit(EventKind.STAGED_OUT, attempt, "not uploaded: " + e.getMessage());
                return Optional.of(e.getMessage());
            }
        }
        if (!points.isEmpty()) {
            events.emit(EventKind.STAGED_OUT, attempt, "flushed " + points.size() + " mount(s): every write is in its store");
        }
        return Optional.empty();
    }

    /** Flushes and unmounts every FUSE mount the run has on this machine (any process's); returns what is left. */
    static List<String> release(SkyrunHome home, String runId) throws IOException {
        return FuseMount.releaseBelow(dir(home, runId), FLUSH_WAIT);
    }
}

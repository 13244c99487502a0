package dev.skyrun.run;

import dev.skyrun.exec.JobSpec;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.GitWorkdir;
import dev.skyrun.state.Intent;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.state.StateStore;
import dev.skyrun.storage.LinkRefusedException;
import dev.skyrun.storage.ObjectStore;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.storage.StoreUri;
import dev.skyrun.storage.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A run's file mounts on a machine that shares our file system (local Docker): local paths
 * bind read-only; store URIs (COPY) are downloaded once into a staging directory of the run,
 * bound read-write, and uploaded back (changed files only) after each attempt and, for the
 * checkpoint mount, periodically; {@code MOUNT} and {@code MOUNT_CACHED} store URIs are FUSE
 * mounts ({@link FuseMounts}). Every transfer is an intent first.
 */
final class Mounts {

    /** A COPY mount staged in a local directory. */
    private record Staged(String target, StoreUri uri, Path dir, boolean checkpoint, Map<String, String> known) {}

    /** A MOUNT or MOUNT_CACHED store URI: FUSE-mounted here for local Docker, mounted by the node's bootstrap elsewhere. */
    private record Fused(FileMount mount, StoreUri uri, int index) {}

    private final StateStore state;
    private final String runId;
    private final Events events;
    private final BiFunction<String, StoreUri, Optional<ObjectStore>> plugins;
    private final List<Staged> staged = new ArrayList<>();
    private final List<JobSpec.Mount> mounts = new ArrayList<>();
    private final Map<String, Fused> fused = new HashMap<>();
    private final java.util.Set<Integer> mountedHere = new java.util.HashSet<>();
    private final FuseMounts fuse;

    Mounts(StateStore state, String runId, Events events, BiFunction<String, StoreUri, Optional<ObjectStore>> plugins,
            java.util.function.Function<String, Optional<dev.skyrun.storage.RcloneRemote>> remotes) {
        this.state = state;
        this.runId = runId;
        this.events = events;
        this.plugins = plugins;
        this.fuse = new FuseMounts(state, runId, events, remotes);
    }

    /**
     * Stages the task's mounts (once per run) and returns what the job mounts; {@code MOUNT} and
     * {@code MOUNT_CACHED} store URIs are FUSE-mounted here when the job runs {@code onThisMachine}
     * (local Docker), and handed to the node as URIs with their mode otherwise.
     */
    List<JobSpec.Mount> prepare(LaunchRequest req, String checkpointDir, int attempt, boolean onThisMachine) throws IOException {
        if (mounts.isEmpty()) {
            stage(req, checkpointDir, attempt);
        }
        List<JobSpec.Mount> out = new ArrayList<>();
        for (JobSpec.Mount jm : mounts) {
            Fused f = fused.get(jm.target());
            if (f == null || !onThisMachine) {
                out.add(jm);
                continue;
            }
            Path point = fuse.point(f.index());
            if (mountedHere.add(f.index())) {
                point = fuse.mount(f.mount(), f.uri(), f.index(), attempt);
            }
            out.add(new JobSpec.Mount(jm.target(), point.toString(), false));
        }
        return List.copyOf(out);
    }

    private void stage(LaunchRequest req, String checkpointDir, int attempt) throws IOException {
        SkyrunHome home = state.home();
        Path runDir = home.runDir(runId);
        int n = 0;
        boolean checkpointMounted = false;
        HostPaths hostPaths = HostPaths.check(req, home);
        for (FileMount m : req.task().fileMounts().values()) {
            if (m.sources().size() > 1) {
                Path dir = home.privateDir(runDir.resolve("mounts").resolve(Integer.toString(n++)));
                for (String s : m.sources()) {
                    copyInto(hostPaths.source(s, "file mount " + m.target()), dir, m.target());
                }
                mounts.add(new JobSpec.Mount(m.target(), dir.toString(), true));
                continue;
            }
            String source = m.source().orElseThrow(() -> new InvalidInputException("file mount " + m.target()
                    + " has no source; give source: s3://... or a path, or name: and store: for a bucket of the run"));
            boolean checkpoint = m.target().equals(checkpointDir);
            checkpointMounted |= checkpoint;
            if (!StoreUri.isStoreUri(source)) {
                Path local = hostPaths.source(source, "file mount " + m.target());
                mounts.add(new JobSpec.Mount(m.target(), local.toString(), true));
                continue;
            }
            StoreUri uri = StoreUri.parse(source);
            hostPaths.store(uri, home, "file mount " + m.target());
            if (m.mode() != FileMount.MountMode.COPY && !uri.scheme().equals("file")) {
                mounts.add(new JobSpec.Mount(m.target(), uri.toString(), false, m.mode()));
                fused.put(m.target(), new Fused(m, uri, n++));
                continue;
            }
            Path dir = home.privateDir(runDir.resolve("mounts").resolve(Integer.toString(n++)));
            Map<String, String> known = new HashMap<>();
            Intent intent = state.intend(runId, Optional.of(attempt), "download", uri.toString());
            for (StoreCopy.Copied c : StoreCopy.download(Stores.open(uri, plugins), dir)) {
                known.put(c.key(), c.sha256());
            }
            state.done(intent);
            events.emit(EventKind.STAGED_IN, attempt, "copied " + known.size() + " files from " + uri + " for " + m.target());
            staged.add(new Staged(m.target(), uri, dir, checkpoint, known));
            mounts.add(new JobSpec.Mount(m.target(), dir.toString(), false));
        }
        if (!checkpointMounted) {
            Path dir = home.privateDir(runDir.resolve("checkpoints"));
            mounts.add(new JobSpec.Mount(checkpointDir, dir.toString(), false));
        }
    }

    /** SkyPilot's list source: each path appears under the mount by its own name (a directory with its contents). */
    private static void copyInto(Path local, Path dir, String target) throws IOException {
        if (!Files.exists(local, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("file mount " + target + ": " + local + " does not exist");
        }
        Path to = dir.resolve(local.getFileName().toString());
        try (java.util.stream.Stream<Path> walk = Files.walk(local)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(local.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    continue; // as SkyPilot: symlinks are not copied to stores
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * The task's working directory on this machine: its {@code workdir} path (relative to the spec), or the git
     * repository it names cloned into the run's directory (once per run).
     */
    Optional<String> workdir(LaunchRequest req) throws IOException {
        Optional<String> w = req.task().workdir();
        if (w.isEmpty()) {
            return Optional.empty();
        }
        Optional<GitWorkdir> git = GitWorkdir.parse(w.get());
        if (git.isEmpty()) {
            return HostPaths.of(req).workdir().map(Path::toString);
        }
        GitClone.localPath(git.get().url()).ifPresent(local -> HostPaths.of(req).source(local, "workdir"));
        Path dir = state.home().runDir(runId).resolve("workdir");
        if (!Files.isDirectory(dir.resolve(".git"))) {
            try {
                GitClone.into(git.get(), dir);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while cloning " + git.get().url(), e);
            }
        }
        return Optional.of(dir.toString());
    }

    /**
     * Flushes and unmounts the run's FUSE mounts ({@code MOUNT}, {@code MOUNT_CACHED}), whichever
     * process mounted them; what could not be done is an event.
     */
    void release() {
        try {
            FuseMounts.release(state.home(), runId).forEach(p -> events.emit(EventKind.STAGED_OUT, Optional.empty(), p));
        } catch (IOException e) {
            events.emit(EventKind.STAGED_OUT, Optional.empty(), "could not release the run's mounts: " + e.getMessage());
        }
    }

    /** Whether a mount is synced periodically. */
    boolean hasCheckpointStore() {
        return staged.stream().anyMatch(Staged::checkpoint);
    }

    /**
     * Uploads changed files of the COPY mounts (only the checkpoint mount when {@code checkpointsOnly});
     * returns why a mount's upload was refused (it held symbolic links, which are never followed), if one was.
     */
    Optional<String> upload(int attempt, boolean checkpointsOnly) throws IOException {
        List<String> refused = new ArrayList<>();
        if (!checkpointsOnly) {
            fuse.flush(attempt).ifPresent(refused::add);
        }
        for (Staged s : staged) {
            if (checkpointsOnly && !s.checkpoint()) {
                continue;
            }
            Intent intent = state.intend(runId, Optional.of(attempt), "upload", s.uri().toString());
            ObjectStore store = Stores.open(s.uri(), plugins);
            List<StoreCopy.Copied> sent;
            try {
                sent = StoreCopy.upload(s.dir(), store, s.known());
            } catch (LinkRefusedException e) {
                state.done(intent);
                String why = s.target() + " holds symbolic links (" + String.join(", ", e.links()) + "); skyrun never"
                        + " follows a link out of the job's directory, so they were not copied: write the files themselves";
                events.emit(EventKind.STAGED_OUT, attempt, "refused: " + why);
                refused.add(why);
                continue;
            }
            state.done(intent);
            sent.forEach(c -> s.known().put(c.key(), c.sha256()));
            if (!sent.isEmpty()) {
                events.emit(EventKind.STAGED_OUT, attempt, "copied " + sent.size() + " files from " + s.target() + " to "
                        + s.uri());
            }
        }
        return refused.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", refused));
    }
}

package dev.skyrun.run;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.GitWorkdir;
import dev.skyrun.state.SkyrunHome;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which host files a run may hand its job: a local file mount's source, a {@code file://} store
 * a mount copies from, and the workdir must lie, links resolved, under the spec's directory (or
 * the workdir, for mounts) or under a path the user named with {@code --allow-host-path} on the
 * command line; a {@code file://} store may also be one of skyrun's own run stores (a pipeline's
 * stage outputs). Specs come from pull requests: without this a spec could mount
 * {@code /etc/shadow} or {@code ~/.aws} into its job.
 */
final class HostPaths {

    private final LaunchRequest req;
    private final List<Path> roots = new ArrayList<>();

    private HostPaths(LaunchRequest req) {
        this.req = req;
        roots.add(real(req.baseDir()));
        req.hostPaths().forEach(p -> roots.add(real(p)));
    }

    /**
     * The request's roots, its workdir checked.
     *
     * @throws InvalidInputException when the workdir lies outside them
     */
    static HostPaths of(LaunchRequest req) {
        HostPaths h = new HostPaths(req);
        h.workdir().ifPresent(h.roots::add);
        return h;
    }

    /**
     * Checks the workdir and every local or {@code file://} mount source before anything runs.
     *
     * @throws InvalidInputException naming the first path outside and how to allow it
     */
    static HostPaths check(LaunchRequest req, SkyrunHome home) {
        HostPaths h = of(req);
        for (FileMount m : req.task().fileMounts().values()) {
            for (String source : m.sources()) {
                if (!StoreUri.isStoreUri(source)) {
                    if (!source.matches("[A-Za-z0-9]+://.*")) {
                        h.source(source, "file mount " + m.target());
                    }
                } else {
                    h.store(StoreUri.parse(source), home, "file mount " + m.target());
                }
            }
        }
        return h;
    }

    /**
     * Checks a store a mount copies from: a {@code file://} one must lie under the roots or be one
     * of skyrun's own run stores; other schemes are remote and pass.
     */
    void store(StoreUri uri, SkyrunHome home, String what) {
        if (!uri.scheme().equals("file")) {
            return;
        }
        Path runs = real(home.dir().resolve("runs"));
        Path real = real(Path.of(uri.prefix()));
        if (!real.startsWith(runs) || real.equals(runs)) {
            inside(uri.toString(), real, what);
        }
    }

    /** The workdir with links resolved, once checked; a git repository ({@link GitWorkdir}) is not a host path. */
    Optional<Path> workdir() {
        return req.task().workdir().filter(w -> GitWorkdir.parse(w).isEmpty()).map(w -> source(w, "workdir"));
    }

    /**
     * A local source with links resolved (what the job gets), once checked.
     *
     * @throws InvalidInputException when it does not exist or lies outside every allowed root
     */
    Path source(String source, String what) {
        Path p = req.baseDir().resolve(source).normalize();
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(what + ": " + p + " does not exist");
        }
        return inside(source, real, what);
    }

    private Path inside(String source, Path real, String what) {
        if (roots.stream().anyMatch(real::startsWith)) {
            return real;
        }
        throw new InvalidInputException(what + ": " + source + " is " + real + ", outside the spec's directory "
                + roots.get(0) + "; a spec may only hand its job files beside it. If you mean it, launch with"
                + " --allow-host-path " + real);
    }

    private static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            return abs;
        }
    }
}

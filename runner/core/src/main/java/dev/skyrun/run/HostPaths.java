package dev.skyrun.run;

import dev.skyrun.spec.FileMount;
import dev.skyrun.storage.StoreUri;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which host files a run may hand its job: a local file mount's source and the workdir must lie,
 * links resolved, under the spec's directory (or the workdir, for mounts) or under a path the
 * user named with {@code --allow-host-path} on the command line. Specs come from pull requests:
 * without this a spec could mount {@code /etc/shadow} or {@code ~/.aws} into its job.
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
     * Checks the request's workdir and local mounts before anything runs.
     *
     * @throws IllegalArgumentException naming the first path outside and how to allow it
     */
    static HostPaths check(LaunchRequest req) {
        HostPaths h = new HostPaths(req);
        h.workdir().ifPresent(h.roots::add);
        for (FileMount m : req.task().fileMounts().values()) {
            Optional<String> source = m.source().filter(s -> !StoreUri.isStoreUri(s));
            if (source.isPresent()) {
                h.source(source.get(), "file mount " + m.target());
            }
        }
        return h;
    }

    /** The workdir with links resolved, once checked. */
    Optional<Path> workdir() {
        return req.task().workdir().map(w -> source(w, "workdir"));
    }

    /**
     * A local source with links resolved (what the job gets), once checked.
     *
     * @throws IllegalArgumentException when it does not exist or lies outside every allowed root
     */
    Path source(String source, String what) {
        Path p = req.baseDir().resolve(source).normalize();
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": " + p + " does not exist");
        }
        if (roots.stream().anyMatch(real::startsWith)) {
            return real;
        }
        throw new IllegalArgumentException(what + ": " + source + " is " + real + ", outside the spec's directory "
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

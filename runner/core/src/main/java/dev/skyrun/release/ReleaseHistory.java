package dev.skyrun.release;

import dev.skyrun.manifest.ReleaseId;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The releases of one pipeline, newest first, and which of them are stable.
 *
 * <p>The stable release is the most recently promoted one (promoted by its gates, or approved
 * while HELD; never one whose SLO breached): new gates compare against it. The newest
 * {@code keep_stable} promoted releases are kept for rollback (and kept warm: their run stores
 * and image digests are pinned); older ones stay in the history but are no rollback target.
 * {@code rollback --previous} goes to the stable release before the current one.
 *
 * @param name the release name
 * @param entries every release of that name, newest first
 * @param keepStable how many promoted releases stay marked for rollback
 */
public record ReleaseHistory(String name, List<ReleaseEntry> entries, int keepStable) {

    public ReleaseHistory {
        entries = entries.stream().sorted(Comparator.comparing(ReleaseEntry::created).reversed()).toList();
        if (keepStable < 1) {
            throw new IllegalArgumentException("keep_stable must be at least 1");
        }
    }

    /** Promoted releases (now: not held, not breached), the most recently promoted first. */
    public List<ReleaseEntry> promoted() {
        return entries.stream().filter(e -> e.status() == ReleaseStatus.PROMOTED)
                .sorted(Comparator.comparing(ReleaseEntry::promotedAt).reversed()).toList();
    }

    /** The current stable release: the newest promoted one. */
    public Optional<ReleaseEntry> stable() {
        return promoted().stream().findFirst();
    }

    /** Whether a release is among the newest {@code keep_stable} promoted ones. */
    public boolean keptForRollback(ReleaseEntry e) {
        return promoted().stream().limit(keepStable).anyMatch(p -> p.release().equals(e.release()));
    }

    /** A release by version or {@code NAME@VERSION}. */
    public Optional<ReleaseEntry> find(String release) {
        String version = release.contains("@") ? ReleaseId.parse(release).version() : release;
        boolean nameOk = !release.contains("@") || ReleaseId.parse(release).name().equals(name);
        return entries.stream().filter(e -> nameOk && e.release().version().equals(version)).findFirst();
    }

    /**
     * The release {@code rollback} re-runs: the named one, or with {@code previous} the stable
     * release before the current one. It must be promoted and kept for rollback.
     */
    public ReleaseEntry rollbackTarget(Optional<String> release, boolean previous) {
        ReleaseEntry target;
        if (previous) {
            List<ReleaseEntry> p = promoted();
            if (p.size() < 2) {
                throw bad("no stable release before the current one" + stable().map(s -> " (" + s.release() + ")").orElse(""),
                        "name a release: skyrun rollback NAME@VERSION; skyrun releases lists them");
            }
            target = p.get(1);
        } else {
            String r = release.orElseThrow(() -> bad("name a release or pass --previous", "skyrun releases lists them"));
            target = find(r).orElseThrow(() -> bad("no release " + r + " of " + name, "skyrun releases lists them"));
        }
        if (target.status() != ReleaseStatus.PROMOTED) {
            throw bad(target.release() + " was " + target.status() + "; only promoted releases can be rolled back to",
                    "pick a promoted release from skyrun releases");
        }
        if (!keptForRollback(target)) {
            throw bad(target.release() + " is older than the last " + keepStable + " stable releases kept for rollback",
                    "raise release.keep_stable to keep more");
        }
        return target;
    }

    private static InvalidInputException bad(String message, String hint) {
        return new InvalidInputException(Problem.of(new Location("releases", 0, 0), message, hint));
    }
}

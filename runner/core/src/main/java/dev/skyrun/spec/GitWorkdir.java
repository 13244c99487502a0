package dev.skyrun.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SkyPilot's {@code workdir: {url, ref}}: a git repository cloned as the job's working directory. A task keeps it
 * in its {@code workdir} text as {@code git+URL#REF} ({@link #text}), so it travels with the run's record.
 *
 * @param url the repository (https, http, ssh, git or file URL, or {@code user@host:path})
 * @param ref the branch, tag or commit; empty for the default branch
 */
public record GitWorkdir(String url, Optional<String> ref) {

    private static final String PREFIX = "git+";
    /** URLs git clones without reading them as options or local paths outside a URL. */
    static final Pattern URL = Pattern.compile("(https?|ssh|git|file)://[^\\s]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+");
    /** Branch, tag or commit names; never an option. */
    static final Pattern REF = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._/-]*");

    /** The workdir text of this repository. */
    public String text() {
        return PREFIX + url + ref.map(r -> "#" + r).orElse("");
    }

    /** The repository a workdir text names, when it names one. */
    public static Optional<GitWorkdir> parse(String workdir) {
        if (!workdir.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = workdir.substring(PREFIX.length());
        int hash = rest.lastIndexOf('#');
        return Optional.of(hash < 0 ? new GitWorkdir(rest, Optional.empty())
                : new GitWorkdir(rest.substring(0, hash), Optional.of(rest.substring(hash + 1))));
    }
}

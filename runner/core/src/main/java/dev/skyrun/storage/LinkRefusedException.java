package dev.skyrun.storage;

import java.io.IOException;
import java.util.List;

/**
 * An upload met symbolic links and copied none of them: a job could point one at any host file
 * (read with skyrun's rights), so an upload never follows a link. The regular files were copied.
 */
public final class LinkRefusedException extends IOException {

    private final List<String> links;

    /** {@code links}: each link's path relative to the uploaded directory, with its target. */
    public LinkRefusedException(java.nio.file.Path dir, List<String> links) {
        super(links.size() + " symbolic link(s) under " + dir + " refused (" + String.join(", ", links)
                + "): skyrun never follows a link out of a job's directory; write the file itself there");
        this.links = List.copyOf(links);
    }

    /** Each refused link's relative path with its target, e.g. {@code adapter -> /etc/passwd}. */
    public List<String> links() {
        return links;
    }
}

package dev.skyrun.manifest;

import dev.skyrun.schema.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A release's name and semantic version, written {@code federated@1.4.0}.
 *
 * @param name release name
 * @param version semantic version ({@code MAJOR.MINOR.PATCH[-pre][+build]})
 */
public record ReleaseId(String name, String version) {

    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
    /** The rule of {@code release.name} in schemas/pipeline.schema.json: no '..', nothing a shell or a path reads. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+([-_.][a-z0-9]+)*");

    public ReleaseId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (!NAME.matcher(name).matches() || name.length() > 63) {
            throw new InvalidInputException("release name '" + name + "' must be lower-case letters and digits, parts"
                    + " joined by one '-', '_' or '.', at most 63 characters");
        }
        if (!SEMVER.matcher(version).matches()) {
            throw new InvalidInputException("release version '" + version + "' is not a semantic version like 1.4.0");
        }
    }

    /** Parses {@code NAME@VERSION}. */
    public static ReleaseId parse(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0) {
            throw new InvalidInputException("'" + text + "' is not a release; write NAME@VERSION, e.g. federated@1.4.0");
        }
        return new ReleaseId(text.substring(0, at), text.substring(at + 1));
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}

package dev.skyrun.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline's {@code release:} block: how its artifacts become a named, versioned release.
 *
 * <pre>{@code
 * release: {name: federated, version: 1.4.0, publish: s3://acme-releases/federated, keep_stable: 3}
 * }</pre>
 *
 * @param name release name
 * @param version semantic version of this release
 * @param publish store URI the fused manifest is published to
 * @param keepStable how many stable releases stay marked for rollback
 */
public record ReleaseSpec(String name, Optional<String> version, Optional<String> publish, int keepStable) {
    public ReleaseSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publish, "publish");
        if (keepStable < 1) {
            throw new IllegalArgumentException("keep_stable must be at least 1");
        }
    }
}

package dev.skyrun.cloud;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@code skyrun check} for one cloud: who we are there and what works.
 *
 * @param cloud cloud name
 * @param ok whether launching can work
 * @param identity the account or principal, never a secret
 * @param details one line per capability checked ({@code "compute: ok"}, {@code "tpu: permission denied"})
 */
public record CredentialCheck(String cloud, boolean ok, String identity, List<String> details) {
    public CredentialCheck {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(identity, "identity");
        details = List.copyOf(details);
    }
}

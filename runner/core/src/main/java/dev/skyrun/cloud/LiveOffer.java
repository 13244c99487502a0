package dev.skyrun.cloud;

import dev.skyrun.catalog.Offering;
import java.util.Objects;

/**
 * An offering a cloud reads from its own machines because no catalog lists it (a Kubernetes
 * context's nodes), with how many of its accelerators there are and how many are free now.
 *
 * @param offering the offering (region: where the machines are, e.g. the kubeconfig context)
 * @param accelerators accelerators on all machines of this kind
 * @param free those not taken by running or pending work
 */
public record LiveOffer(Offering offering, int accelerators, int free) {
    public LiveOffer {
        Objects.requireNonNull(offering, "offering");
    }
}

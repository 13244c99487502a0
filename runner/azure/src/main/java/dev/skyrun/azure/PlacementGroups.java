package dev.skyrun.azure;

import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.ProximityPlacementGroupInner;
import com.azure.resourcemanager.compute.models.ProximityPlacementGroupPropertiesIntent;
import com.azure.resourcemanager.compute.models.ProximityPlacementGroupType;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Placement;
import java.util.List;
import java.util.Optional;

/**
 * The proximity placement group of a multi-node cluster: its VMs are placed close together (one
 * datacenter, low latency between them), the group's intent naming the VM size so that Azure puts it
 * where the size is offered. Tagged like the cluster and removed with it once the VMs are gone.
 */
record PlacementGroups(AzureConfig config, ComputeManagementClient compute) {

    /** The resource kind of placement groups, an auxiliary of a teardown. */
    static final String KIND = "placement-group";

    /** The group of a cluster of several nodes (created or found again by name), none for one node. */
    Optional<String> ensure(Placement p, String cluster, Optional<String> zone, Labels labels) {
        if (p.nodes() < 2) {
            return Optional.empty();
        }
        String name = AzureVms.name(cluster, 0).replaceAll("-0$", "-ppg");
        ProximityPlacementGroupInner group = new ProximityPlacementGroupInner().withProximityPlacementGroupType(ProximityPlacementGroupType.STANDARD)
                .withIntent(new ProximityPlacementGroupPropertiesIntent().withVmSizes(List.of(p.instanceType())));
        group.withLocation(p.region()).withTags(labels.values());
        zone.ifPresent(z -> group.withZones(List.of(z)));
        try {
            return Optional.of(compute.getProximityPlacementGroups().createOrUpdate(config.resourceGroup(p.region()), name, group).id());
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context(p.region(), zone.orElse(""), "proximityPlacementGroups.createOrUpdate "
                    + name));
        }
    }

    /** The groups carrying the labels. */
    List<CloudResource> find(Labels labels) {
        return AzureTags.labelled(KIND, () -> compute.getProximityPlacementGroups().list().stream(), labels,
                "proximityPlacementGroups.list");
    }

    /** Deletes a group; absent is fine. */
    void delete(String id) {
        AzureErrors.deleting(id, "proximityPlacementGroups.delete", compute.getProximityPlacementGroups()::delete);
    }
}

package dev.skyrun.azure;

import com.azure.core.management.SubResource;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.DiskUpdate;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.compute.models.VirtualMachinePriorityTypes;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeHealth;
import dev.skyrun.cloud.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Azure VMs as skyrun nodes: created under deterministic names (so a retried or resumed create
 * adopts what an earlier one made), read back with their instance view, found by tag and deleted.
 * The OS disk is tagged like its VM once it exists, so a leak sweep finds it too.
 */
record AzureVms(AzureConfig config, ComputeManagementClient compute, AzureNetwork network) {

    /** The resource kinds: VMs (compute) and OS disks (an auxiliary a teardown removes if the VM's delete left it). */
    static final String VM = "vm";
    static final String DISK = "disk";

    /** Creates the cluster's VMs (or adopts those an earlier call with the same names made); returns their names. */
    List<String> create(Placement p, ClusterRequest r, String launcher) throws CapacityException {
        Optional<String> zone = zoneOf(p);
        Map<String, String> shared = Map.of(Labels.HOME, r.labels().values().getOrDefault(Labels.HOME, ""));
        AzureNetwork.Attachment region = network.ensure(p.region(), shared);
        ClusterPorts ports = new ClusterPorts(config, network.network());
        AzureNetwork.Attachment at = p.ports().isEmpty() ? region
                : new AzureNetwork.Attachment(region.subnetId(), ports.openGroup(p, r.clusterName(), r.labels()));
        Optional<String> group = new PlacementGroups(config, compute).ensure(p, r.clusterName(), zone, r.labels());
        List<String> names = new ArrayList<>();
        for (int rank = 0; rank < p.nodes(); rank++) {
            String name = name(r.clusterName(), rank);
            names.add(name);
            Map<String, String> tags = r.labels().with(Labels.NODE, Integer.toString(rank)).with(Labels.INTENT, r.intentToken()).values();
            if (get(p.region(), name).isPresent()) {
                continue; // made by an earlier call with this intent: adopt it
            }
            AzureErrors.Context ctx = new AzureErrors.Context(p.region(), zone.orElse(""), "virtualMachines.createOrUpdate " + name);
            try {
                Optional<String> ip = p.ports().isEmpty() ? Optional.empty() : Optional.of(ports.publicIp(p.region(), name + "-ip", tags));
                String nic = network.nic(p.region(), name + "-nic", at, ip, tags);
                VirtualMachineInner definition = VmDefinition.of(config, p, name, zone, r.diskSizeGib(), nic, tags, launcher);
                group.ifPresent(id -> definition.withProximityPlacementGroup(new SubResource().withId(id)));
                VirtualMachineInner vm = compute.getVirtualMachines().createOrUpdate(config.resourceGroup(p.region()), name, definition);
                tagDisk(p.region(), vm, tags);
            } catch (RuntimeException e) {
                Exception converted = AzureErrors.from(e, ctx);
                discard(p.region(), names, converted);
                throw AzureErrors.capacityOrThrow(converted);
            }
        }
        return names;
    }

    /** A create that failed takes back what it made under these names (VMs with their NICs and disks, a lone NIC). */
    private void discard(String region, List<String> names, Exception cause) {
        for (String name : names) {
            try {
                if (get(region, name).isPresent()) {
                    compute.getVirtualMachines().delete(config.resourceGroup(region), name);
                }
                network.deleteNic(id(region, name).replace("Microsoft.Compute/virtualMachines/", "Microsoft.Network/networkInterfaces/")
                        + "-nic");
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private void tagDisk(String region, VirtualMachineInner vm, Map<String, String> tags) {
        if (vm.storageProfile() != null && vm.storageProfile().osDisk() != null && vm.storageProfile().osDisk().name() != null) {
            compute.getDisks().update(config.resourceGroup(region), vm.storageProfile().osDisk().name(), new DiskUpdate().withTags(tags));
        }
    }

    /** The VM with its instance view, if it exists. */
    Optional<VirtualMachineInner> get(String region, String name) {
        return AzureErrors.ifExists(() -> compute.getVirtualMachines().getByResourceGroupWithResponse(config.resourceGroup(region), name,
                InstanceViewTypes.INSTANCE_VIEW, Context.NONE).getValue(), new AzureErrors.Context(region, "", "virtualMachines.get " + name));
    }

    /**
     * What Azure says of a node: a VM that no longer exists was evicted (Spot, eviction policy
     * Delete) or taken away, a preemption either way; a failed provisioning or a stopped VM is lost.
     */
    NodeHealth health(Placement p, String name) {
        Optional<VirtualMachineInner> vm = get(p.region(), name);
        if (vm.isEmpty()) {
            return new NodeHealth(name, NodeHealth.Status.PREEMPTED, (p.spot() ? "Spot VM " + name + " was evicted" : "VM " + name
                    + " vanished") + " in " + p.region() + " (it no longer exists)");
        }
        String provisioning = status(vm.get(), "ProvisioningState/").orElse(String.valueOf(vm.get().provisioningState()));
        String power = status(vm.get(), "PowerState/").orElse("unknown");
        String detail = "VM " + name + " in " + p.region() + " is " + provisioning.toLowerCase(Locale.ROOT) + ", " + power;
        if (provisioning.equalsIgnoreCase("failed") || power.equals("stopped") || power.equals("deallocated")
                || power.equals("deallocating") || provisioning.equalsIgnoreCase("deleting")) {
            boolean evicted = VirtualMachinePriorityTypes.SPOT.equals(vm.get().priority()) && power.startsWith("deallocat");
            return new NodeHealth(name, evicted ? NodeHealth.Status.PREEMPTED : NodeHealth.Status.STOPPED, detail);
        }
        return new NodeHealth(name, power.equals("running") ? NodeHealth.Status.UP : NodeHealth.Status.STARTING, detail);
    }

    private static Optional<String> status(VirtualMachineInner vm, String prefix) {
        if (vm.instanceView() == null || vm.instanceView().statuses() == null) {
            return Optional.empty();
        }
        return vm.instanceView().statuses().stream().map(InstanceViewStatus::code).filter(c -> c != null && c.startsWith(prefix))
                .map(c -> c.substring(prefix.length())).findFirst();
    }

    /** The VMs carrying the labels, in every region. */
    List<CloudResource> find(Labels labels) {
        return AzureTags.labelled(VM, () -> compute.getVirtualMachines().list().stream(), labels, "virtualMachines.list");
    }

    /** The OS disks carrying the labels. */
    List<CloudResource> findDisks(Labels labels) {
        return AzureTags.labelled(DISK, () -> compute.getDisks().list().stream(), labels, "disks.list");
    }

    /** Asks Azure to delete a VM (its NIC and OS disk go with it), without waiting; absent is fine. */
    void delete(String id) {
        AzureErrors.deleting(id, "virtualMachines.delete", (group, name) -> compute.getVirtualMachines().beginDelete(group, name, null,
                Context.NONE));
    }

    /** Whether a VM still exists (a deleting one does). */
    boolean exists(String id) {
        ArmId at = ArmId.parse(id);
        return AzureErrors.ifExists(() -> compute.getVirtualMachines().getByResourceGroup(at.group(), at.name()),
                new AzureErrors.Context(at.group(), "", "virtualMachines.get " + at.name())).isPresent();
    }

    /** Deletes a disk and waits; absent is fine. */
    void deleteDisk(String id) {
        AzureErrors.deleting(id, "disks.delete", compute.getDisks()::delete);
    }

    /** The resource id of a VM of the configured subscription. */
    String id(String region, String name) {
        return "/subscriptions/" + config.subscription() + "/resourceGroups/" + config.resourceGroup(region)
                + "/providers/Microsoft.Compute/virtualMachines/" + name;
    }

    /** A node's VM name: {@code skyrun-CLUSTER-RANK}, lower case, at most 64 characters. */
    static String name(String cluster, int rank) {
        String base = "skyrun-" + cluster.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String suffix = "-" + rank;
        if (base.length() + suffix.length() > 64) {
            base = base.substring(0, 55 - suffix.length()) + "-" + Integer.toHexString(cluster.hashCode() & 0xfffffff);
        }
        return base + suffix;
    }

    /** The Azure zone ({@code 1}, {@code 2}, {@code 3}) of a placement naming one ({@code 1} or {@code eastus-1}). */
    static Optional<String> zoneOf(Placement p) {
        return p.zone().map(z -> z.substring(z.lastIndexOf('-') + 1));
    }
}

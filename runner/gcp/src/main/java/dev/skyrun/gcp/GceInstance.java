package dev.skyrun.gcp;

import com.google.cloud.compute.v1.AcceleratorConfig;
import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.ServiceAccount;
import com.google.cloud.compute.v1.Tags;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.AcceleratorChoice;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Compute Engine instance resource for one node of a placement: machine type, attached
 * GPUs (N1 hosts) or an accelerator-optimized type (a2, a3, g2), spot scheduling, the Deep
 * Learning VM boot image and its disk type ({@link GceDiskType}), labels, the cluster's network tag
 * and the startup script. Secrets never go here.
 */
final class GceInstance {

    /** Canonical accelerator names to Compute Engine accelerator types attachable to N1 hosts. */
    private static final Map<String, String> N1_GPUS = Map.of(
            "T4", "nvidia-tesla-t4",
            "V100", "nvidia-tesla-v100",
            "P100", "nvidia-tesla-p100",
            "P4", "nvidia-tesla-p4",
            "K80", "nvidia-tesla-k80");

    private GceInstance() {}

    /**
     * The instance to insert.
     *
     * @param name instance name
     * @param zone the zone
     * @param placement machine type, spot, accelerators
     * @param diskGib boot disk size, 0 for 100 GiB
     * @param imageFamily boot image family URL
     * @param labels labels, already valid for GCE
     * @param startupScript the {@code startup-script} metadata value
     * @param rank the node's rank, metadata {@code skyrun-node}
     * @param networkTag the network tag the cluster's firewall rule targets
     */
    static Instance of(String name, String zone, Placement placement, int diskGib, String imageFamily,
            Map<String, String> labels, String startupScript, int rank, String networkTag) {
        Optional<AcceleratorChoice> gpu = placement.accelerator();
        AttachedDiskInitializeParams.Builder disk = AttachedDiskInitializeParams.newBuilder()
                .setSourceImage(imageFamily)
                .setDiskSizeGb(diskGib > 0 ? diskGib : 100);
        GceDiskType.of(placement.diskTier(), placement.instanceType()).ifPresent(t -> {
            disk.setDiskType("zones/" + zone + "/diskTypes/" + t.type());
            if (t.provisionedIops() > 0) {
                disk.setProvisionedIops(t.provisionedIops());
            }
        });
        Instance.Builder b = Instance.newBuilder()
                .setName(name)
                .setMachineType("zones/" + zone + "/machineTypes/" + placement.instanceType())
                .addDisks(AttachedDisk.newBuilder().setBoot(true).setAutoDelete(true).setType("PERSISTENT")
                        .setInitializeParams(disk))
                .setTags(Tags.newBuilder().addItems(networkTag))
                .addNetworkInterfaces(NetworkInterface.newBuilder().setNetwork("global/networks/default")
                        .addAccessConfigs(AccessConfig.newBuilder().setName("External NAT").setType("ONE_TO_ONE_NAT")))
                .addServiceAccounts(ServiceAccount.newBuilder().setEmail("default")
                        .addScopes("https://www.googleapis.com/auth/cloud-platform"))
                .setScheduling(scheduling(placement.spot(), gpu.isPresent()))
                .setMetadata(Metadata.newBuilder()
                        .addItems(Items.newBuilder().setKey("startup-script").setValue(startupScript))
                        .addItems(Items.newBuilder().setKey("skyrun-node").setValue(Integer.toString(rank)))
                        .addItems(Items.newBuilder().setKey("install-nvidia-driver").setValue(gpu.isPresent() ? "True" : "False")))
                .putAllLabels(labels);
        attachedGpu(placement.instanceType(), gpu).ifPresent(a -> b.addGuestAccelerators(AcceleratorConfig.newBuilder()
                .setAcceleratorType("zones/" + zone + "/acceleratorTypes/" + a)
                .setAcceleratorCount((int) Math.ceil(gpu.orElseThrow().count()))));
        return b.build();
    }

    /**
     * The accelerator type to attach: N1 hosts take T4/V100/P100/P4/K80 as attached GPUs;
     * accelerator-optimized types (a2, a3, g2) carry theirs already.
     */
    static Optional<String> attachedGpu(String machineType, Optional<AcceleratorChoice> gpu) {
        if (gpu.isEmpty() || !machineType.startsWith("n1-")) {
            return Optional.empty();
        }
        String name = gpu.get().name().toUpperCase(Locale.ROOT);
        String type = N1_GPUS.get(name);
        if (type == null) {
            throw new InvalidInputException("gcp: " + gpu.get().name() + " cannot be attached to " + machineType
                    + "; N1 hosts take " + String.join(", ", N1_GPUS.keySet().stream().sorted().toList())
                    + " (use an a2/a3/g2 machine type for A100, H100 or L4)");
        }
        return Optional.of(type);
    }

    private static Scheduling scheduling(boolean spot, boolean gpu) {
        Scheduling.Builder s = Scheduling.newBuilder();
        if (spot) {
            s.setProvisioningModel("SPOT").setInstanceTerminationAction("DELETE").setAutomaticRestart(false);
        } else {
            s.setProvisioningModel("STANDARD").setAutomaticRestart(true);
        }
        if (spot || gpu) {
            s.setOnHostMaintenance("TERMINATE");
        }
        return s.build();
    }
}

package dev.skyrun.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.BillingProfile;
import com.azure.resourcemanager.compute.models.DeleteOptions;
import com.azure.resourcemanager.compute.models.DiskCreateOptionTypes;
import com.azure.resourcemanager.compute.models.DiskDeleteOptionTypes;
import com.azure.resourcemanager.compute.models.HardwareProfile;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.LinuxConfiguration;
import com.azure.resourcemanager.compute.models.ManagedDiskParameters;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.compute.models.NetworkProfile;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.OSProfile;
import com.azure.resourcemanager.compute.models.ResourceIdentityType;
import com.azure.resourcemanager.compute.models.SshConfiguration;
import com.azure.resourcemanager.compute.models.SshPublicKey;
import com.azure.resourcemanager.compute.models.StorageAccountTypes;
import com.azure.resourcemanager.compute.models.StorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineEvictionPolicyTypes;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentity;
import com.azure.resourcemanager.compute.models.VirtualMachineIdentityUserAssignedIdentities;
import com.azure.resourcemanager.compute.models.VirtualMachinePriorityTypes;
import com.azure.resourcemanager.compute.models.VirtualMachineSizeTypes;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.DiskTier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The body of one VM create: size, image, OS disk (size, tier, deleted with the VM), the NIC
 * (deleted with the VM), Spot priority with eviction policy Delete and max price -1 (pay up to
 * the on-demand price) or a regular VM, a managed identity (the configured user-assigned one, else
 * a system-assigned one) through which the VM reads Blob and Key Vault, the node's tags, and the
 * bootstrap launcher as custom data. Holds no secret: the admin login is an SSH key whose private
 * half is never kept (skyrun does not log in).
 */
final class VmDefinition {

    private VmDefinition() {}

    static VirtualMachineInner of(AzureConfig config, Placement p, String name, Optional<String> zone, int diskGib,
            String nicId, Map<String, String> tags, String launcher) {
        VirtualMachineInner vm = new VirtualMachineInner().withLocation(p.region()).withTags(tags)
                .withHardwareProfile(new HardwareProfile().withVmSize(VirtualMachineSizeTypes.fromString(p.instanceType())))
                .withStorageProfile(new StorageProfile().withImageReference(image(config.image())).withOsDisk(new OSDisk()
                        .withName(name + "-osdisk").withCreateOption(DiskCreateOptionTypes.FROM_IMAGE)
                        .withDiskSizeGB(diskGib > 0 ? diskGib : null).withDeleteOption(DiskDeleteOptionTypes.DELETE)
                        .withManagedDisk(new ManagedDiskParameters().withStorageAccountType(tier(p.diskTier())))))
                .withNetworkProfile(new NetworkProfile().withNetworkInterfaces(List.of(new NetworkInterfaceReference()
                        .withId(nicId).withPrimary(true).withDeleteOption(DeleteOptions.DELETE))))
                .withOsProfile(new OSProfile().withComputerName(name).withAdminUsername("skyrun")
                        .withCustomData(Base64.getEncoder().encodeToString(launcher.getBytes(StandardCharsets.UTF_8)))
                        .withLinuxConfiguration(new LinuxConfiguration().withDisablePasswordAuthentication(true)
                                .withSsh(new SshConfiguration().withPublicKeys(List.of(new SshPublicKey()
                                        .withPath("/home/skyrun/.ssh/authorized_keys").withKeyData(sshKey(config)))))))
                .withIdentity(identity(config));
        zone.ifPresent(z -> vm.withZones(List.of(z)));
        if (p.spot()) {
            vm.withPriority(VirtualMachinePriorityTypes.SPOT).withEvictionPolicy(VirtualMachineEvictionPolicyTypes.DELETE)
                    .withBillingProfile(new BillingProfile().withMaxPrice(-1.0));
        } else {
            vm.withPriority(VirtualMachinePriorityTypes.REGULAR);
        }
        return vm;
    }

    /** {@code publisher:offer:sku:version} as an image reference; a resource id (custom or gallery image) as itself. */
    static ImageReference image(String image) {
        if (image.startsWith("/")) {
            return new ImageReference().withId(image);
        }
        String[] urn = image.split(":");
        if (urn.length != 4) {
            throw new CloudException("azure: image '" + image + "' is neither publisher:offer:sku:version nor an image resource id");
        }
        return new ImageReference().withPublisher(urn[0]).withOffer(urn[1]).withSku(urn[2]).withVersion(urn[3]);
    }

    /** SkyPilot's disk tiers as managed disk types: low Standard HDD, medium Standard SSD, high and above Premium SSD. */
    static StorageAccountTypes tier(Optional<DiskTier> tier) {
        return switch (tier.orElse(DiskTier.MEDIUM)) {
            case LOW -> StorageAccountTypes.STANDARD_LRS;
            case MEDIUM -> StorageAccountTypes.STANDARD_SSD_LRS;
            case HIGH, ULTRA, BEST -> StorageAccountTypes.PREMIUM_LRS;
        };
    }

    private static VirtualMachineIdentity identity(AzureConfig config) {
        return config.settings().property("identity")
                .map(id -> new VirtualMachineIdentity().withType(ResourceIdentityType.USER_ASSIGNED)
                        .withUserAssignedIdentities(Map.of(id, new VirtualMachineIdentityUserAssignedIdentities())))
                .orElse(new VirtualMachineIdentity().withType(ResourceIdentityType.SYSTEM_ASSIGNED));
    }

    /** The configured public key, else the public half of this process's throwaway Ed25519 key (Azure needs one; nobody logs in). */
    private static String sshKey(AzureConfig config) {
        return config.settings().property("ssh_public_key").orElseGet(() -> THROWAWAY_KEY);
    }

    private static final String THROWAWAY_KEY = throwawayKey();

    private static String throwawayKey() {
        try {
            byte[] x509 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            byte[] raw = java.util.Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.allocate(8 + type.length + raw.length);
            b.putInt(type.length).put(type).putInt(raw.length).put(raw);
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(b.array()) + " skyrun";
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("the JDK has no Ed25519 key generator", ex);
        }
    }
}

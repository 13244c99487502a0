package dev.skyrun.azure;

import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.network.models.AddressSpace;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import java.util.List;
import java.util.Map;

/**
 * The network side of skyrun's VMs: the region's resource group, virtual network (one subnet) and
 * network security group, each created once and reused by every later cluster, and one NIC per VM
 * carrying the node's tags. The security group keeps Azure's default rules: traffic inside the
 * virtual network, nothing inbound from the internet.
 */
record AzureNetwork(AzureConfig config, NetworkManagementClient network, ResourceManagementClient resources) {

    /** The resource kind of NICs, an auxiliary a teardown removes when the VM's delete left it. */
    static final String NIC = "nic";
    static final String VNET = "skyrun-vnet";
    static final String NSG = "skyrun-nsg";
    static final String SUBNET = "default";

    /** What a VM plugs into: its subnet and security group ids. */
    record Attachment(String subnetId, String nsgId) {}

    /** Creates the region's group, network and security group where missing; tags them with {@code tags}. */
    Attachment ensure(String region, Map<String, String> tags) {
        String rg = config.resourceGroup(region);
        AzureErrors.Context ctx = new AzureErrors.Context(region, "", "resource group " + rg);
        try {
            if (!resources.getResourceGroups().checkExistence(rg)) {
                resources.getResourceGroups().createOrUpdate(rg, new ResourceGroupInner().withLocation(region).withTags(tags));
            }
            VirtualNetworkInner vnet = AzureErrors.ifExists(() -> network.getVirtualNetworks().getByResourceGroup(rg, VNET), ctx)
                    .orElse(null);
            if (vnet == null) {
                vnet = network.getVirtualNetworks().createOrUpdate(rg, VNET, new VirtualNetworkInner().withLocation(region)
                        .withTags(tags).withAddressSpace(new AddressSpace().withAddressPrefixes(List.of("10.210.0.0/16")))
                        .withSubnets(List.of(new SubnetInner().withName(SUBNET).withAddressPrefix("10.210.0.0/18"))));
            }
            NetworkSecurityGroupInner nsg = AzureErrors.ifExists(() -> network.getNetworkSecurityGroups().getByResourceGroup(rg, NSG),
                    ctx).orElse(null);
            if (nsg == null) {
                nsg = network.getNetworkSecurityGroups().createOrUpdate(rg, NSG,
                        new NetworkSecurityGroupInner().withLocation(region).withTags(tags));
            }
            return new Attachment(vnet.id() + "/subnets/" + SUBNET, nsg.id());
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, ctx);
        }
    }

    /** Creates (or finds, for a resumed launch) a VM's NIC, with a public IP deleted with it if given, and returns its id. */
    String nic(String region, String name, Attachment at, java.util.Optional<String> publicIp, Map<String, String> tags) {
        String rg = config.resourceGroup(region);
        NetworkInterfaceIpConfigurationInner ipConfig = new NetworkInterfaceIpConfigurationInner().withName("ipconfig1").withPrimary(true)
                .withSubnet(new SubnetInner().withId(at.subnetId())).withPrivateIpAllocationMethod(IpAllocationMethod.DYNAMIC);
        publicIp.ifPresent(id -> ipConfig.withPublicIpAddress(new com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner()
                .withDeleteOption(com.azure.resourcemanager.network.models.DeleteOptions.DELETE).withId(id)));
        NetworkInterfaceInner nic = new NetworkInterfaceInner().withLocation(region).withTags(tags)
                .withNetworkSecurityGroup(new NetworkSecurityGroupInner().withId(at.nsgId()))
                .withIpConfigurations(List.of(ipConfig));
        try {
            return network.getNetworkInterfaces().createOrUpdate(rg, name, nic).id();
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context(region, "", "networkInterfaces.createOrUpdate " + name));
        }
    }

    /** A NIC's private address, empty when it has none yet. */
    String privateIp(String region, String name) {
        try {
            NetworkInterfaceInner nic = network.getNetworkInterfaces().getByResourceGroup(config.resourceGroup(region), name);
            return nic.ipConfigurations() == null || nic.ipConfigurations().isEmpty() || nic.ipConfigurations().get(0).privateIpAddress() == null
                    ? "" : nic.ipConfigurations().get(0).privateIpAddress();
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context(region, "", "networkInterfaces.get " + name));
        }
    }

    /** The NICs carrying the labels (an empty label value matches any value). */
    List<CloudResource> findNics(Labels labels) {
        return AzureTags.labelled(NIC, () -> network.getNetworkInterfaces().list().stream(), labels, "networkInterfaces.list");
    }

    /** Deletes a NIC by its resource id and waits; absent is fine. */
    void deleteNic(String id) {
        AzureErrors.deleting(id, "networkInterfaces.delete", network.getNetworkInterfaces()::delete);
    }
}

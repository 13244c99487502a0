package dev.skyrun.azure;

import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.PublicIpAddressSku;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuName;
import com.azure.resourcemanager.network.models.SecurityRuleAccess;
import com.azure.resourcemanager.network.models.SecurityRuleDirection;
import com.azure.resourcemanager.network.models.SecurityRuleProtocol;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ports a task opens ({@code resources.ports}): a network security group of the cluster that
 * allows them inbound (TCP, from anywhere) on its NICs, and a public IP per node (deleted with its
 * NIC). Both are tagged like the cluster; a teardown removes the group (and any public IP left)
 * once the VMs are gone. A cluster without ports uses the region's shared group and no public IP.
 */
record ClusterPorts(AzureConfig config, NetworkManagementClient network) {

    /** The resource kinds, auxiliaries of a teardown. */
    static final String NSG = "security-group";
    static final String PUBLIC_IP = "public-ip";

    /** The cluster's security group allowing the placement's ports, created (or found again by name). */
    String openGroup(Placement p, String cluster, Labels labels) {
        String name = AzureVms.name(cluster, 0).replaceAll("-0$", "-nsg");
        List<SecurityRuleInner> rules = new ArrayList<>();
        int priority = 1000;
        for (PortRange range : p.ports()) {
            rules.add(new SecurityRuleInner().withName("skyrun-port-" + range.first() + "-" + range.last())
                    .withProtocol(SecurityRuleProtocol.TCP).withAccess(SecurityRuleAccess.ALLOW)
                    .withDirection(SecurityRuleDirection.INBOUND).withPriority(priority++).withSourceAddressPrefix("*")
                    .withSourcePortRange("*").withDestinationAddressPrefix("*")
                    .withDestinationPortRange(range.first() == range.last() ? Integer.toString(range.first())
                            : range.first() + "-" + range.last()));
        }
        NetworkSecurityGroupInner group = new NetworkSecurityGroupInner().withSecurityRules(rules);
        group.withLocation(p.region()).withTags(labels.values());
        try {
            return network.getNetworkSecurityGroups().createOrUpdate(config.resourceGroup(p.region()), name, group).id();
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context(p.region(), "", "networkSecurityGroups.createOrUpdate " + name));
        }
    }

    /** A node's public IP (Standard, static), created (or found again by name). */
    String publicIp(String region, String name, Map<String, String> tags) {
        PublicIpAddressInner ip = new PublicIpAddressInner().withSku(new PublicIpAddressSku().withName(PublicIpAddressSkuName.STANDARD))
                .withPublicIpAllocationMethod(IpAllocationMethod.STATIC);
        ip.withLocation(region).withTags(tags);
        try {
            return network.getPublicIpAddresses().createOrUpdate(config.resourceGroup(region), name, ip).id();
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context(region, "", "publicIPAddresses.createOrUpdate " + name));
        }
    }

    /** The cluster groups or public IPs carrying the labels. */
    List<CloudResource> find(String kind, Labels labels) {
        try {
            return (kind.equals(NSG)
                    ? network.getNetworkSecurityGroups().list().stream().map(g -> new CloudResource(AzureProvider.NAME, NSG, g.id(),
                            AzureTags.orEmpty(g.tags())))
                    : network.getPublicIpAddresses().list().stream().map(i -> new CloudResource(AzureProvider.NAME, PUBLIC_IP, i.id(),
                            AzureTags.orEmpty(i.tags()))))
                    .filter(r -> !r.labels().isEmpty() && AzureTags.match(r.labels(), labels)).toList();
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context("all regions", "", kind + " list"));
        }
    }

    /** Deletes a cluster group or public IP; absent is fine. */
    void delete(CloudResource r) {
        ArmId at = ArmId.parse(r.id());
        AzureErrors.deleting(() -> {
            if (r.kind().equals(NSG)) {
                network.getNetworkSecurityGroups().delete(at.group(), at.name());
            } else {
                network.getPublicIpAddresses().delete(at.group(), at.name());
            }
        }, new AzureErrors.Context(at.group(), "", r.kind() + " delete " + at.name()));
    }
}

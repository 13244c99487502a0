package dev.skyrun.aws;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Labels;
import dev.skyrun.spec.PortRange;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.PlacementStrategy;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * The network side of a launch: the subnet of a zone (the default VPC's, or the one
 * configured), the cluster's own security group (nodes reach each other; from outside only the
 * task's {@code ports}, over TCP from anywhere, as SkyPilot opens them) and, for EFA types, a cluster
 * placement group. The group is an auxiliary a teardown removes, and its rules with it.
 */
record Ec2Network(Ec2Client ec2, AwsErrors errors, AwsConfig config) {

    /**
     * The subnet to launch into: {@code subnet_id} if set, else the default subnet of the zone
     * (or of the region's first zone not in {@code avoid}: zones where this run met no capacity
     * for {@code type}). Every zone avoided is a capacity error for the region.
     */
    Subnet subnet(Optional<String> zone, Set<String> avoid, String type) throws CapacityException {
        Optional<String> configured = config.settings().property("subnet_id");
        var subnets = errors.call("DescribeSubnets", () -> ec2.describeSubnets(r -> {
            if (configured.isPresent()) {
                r.subnetIds(configured.get());
            } else {
                r.filters(zone.map(z -> java.util.List.of(Ec2Tags.filter("default-for-az", "true"), Ec2Tags.filter("availability-zone", z)))
                        .orElse(java.util.List.of(Ec2Tags.filter("default-for-az", "true"))));
            }
        }).subnets());
        if (subnets.isEmpty()) {
            throw new CloudException("aws " + errors.region() + " DescribeSubnets: no default subnet" + zone.map(z -> " in " + z).orElse("")
                    + "; create a default VPC (aws ec2 create-default-vpc) or set the aws property subnet_id");
        }
        return subnets.stream().filter(s -> zone.isPresent() || !avoid.contains(s.availabilityZone()))
                .min(Comparator.comparing(Subnet::availabilityZone)).orElseThrow(() -> new CapacityException(
                        CapacityException.Scope.REGION, "aws " + errors.region() + ": every zone this run can launch in met no capacity for "
                        + type + " (" + String.join(", ", new TreeSet<>(avoid)) + "); trying another region"));
    }

    /** Creates the cluster's security group (or finds it, on a resumed launch) and returns its id. */
    String securityGroup(String clusterName, String vpcId, Labels labels, List<PortRange> ports) {
        String name = "skyrun-" + clusterName;
        Optional<String> existing = findGroup(name, vpcId);
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = errors.call("CreateSecurityGroup", () -> ec2.createSecurityGroup(r -> r.groupName(name).vpcId(vpcId)
                .description("skyrun cluster " + clusterName + ": nodes reach each other"
                        + (ports.isEmpty() ? ", nothing else reaches them" : "; tcp " + ports.stream().map(PortRange::toString)
                                .collect(Collectors.joining(",")) + " from anywhere"))
                .tagSpecifications(Ec2Tags.spec(ResourceType.SECURITY_GROUP, labels, name))).groupId());
        errors.call("AuthorizeSecurityGroupIngress", () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(
                IpPermission.builder().ipProtocol("-1").userIdGroupPairs(UserIdGroupPair.builder().groupId(id).build()).build())));
        if (!ports.isEmpty()) {
            errors.call("AuthorizeSecurityGroupIngress", () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(
                    ports.stream().map(p -> IpPermission.builder().ipProtocol("tcp").fromPort(p.first()).toPort(p.last())
                            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").description("skyrun ports").build()).build()).toList())));
        }
        return id;
    }

    private Optional<String> findGroup(String name, String vpcId) {
        return errors.call("DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.filters(
                Ec2Tags.filter("group-name", name), Ec2Tags.filter("vpc-id", vpcId))).securityGroups())
                .stream().findFirst().map(g -> g.groupId());
    }

    /** Creates a cluster placement group for EFA types; an existing one of that name is reused. */
    String placementGroup(String clusterName, Labels labels) {
        String name = "skyrun-" + clusterName;
        try {
            errors.call("CreatePlacementGroup", () -> ec2.createPlacementGroup(r -> r.groupName(name)
                    .strategy(PlacementStrategy.CLUSTER).tagSpecifications(Ec2Tags.spec(ResourceType.PLACEMENT_GROUP, labels, name))));
        } catch (CloudException e) {
            if (!(e.getCause() instanceof AwsServiceException s && "InvalidPlacementGroup.Duplicate".equals(AwsErrors.code(s)))) {
                throw e;
            }
        }
        return name;
    }
}

package dev.skyrun.aws;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Placement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataTagsState;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Creates a cluster's instances with one RunInstances call whose {@code ClientToken} is the
 * intent token, so a retried call returns the same instances, and adopts the instances of an
 * earlier (interrupted) launch found by their {@code skyrun-cluster} tag instead of creating more.
 */
record Ec2Launcher(Ec2Client ec2, AwsErrors errors, AwsConfig config, AmiFinder amis) {

    /** The root disk when the task names none: room for CUDA images and a few checkpoints. */
    static final int DEFAULT_DISK_GIB = 256;

    /** The cluster's live instances in rank order: found by tag (adopted) or newly created. */
    List<Instance> launch(Placement p, ClusterRequest r, String userData) throws CapacityException {
        List<Instance> existing = Ec2Instances.live(ec2, errors, r.labels());
        if (!existing.isEmpty()) {
            return tagRanks(existing, r.labels());
        }
        Ec2Network network = new Ec2Network(ec2, errors, config);
        Subnet subnet = network.subnet(p.zone(), r.avoidZones(), p.instanceType());
        String group = network.securityGroup(r.clusterName(), subnet.vpcId(), r.labels(), p.ports());
        Optional<String> placementGroup = p.nodes() > 1 && InstanceTypes.hasEfa(p.instanceType())
                ? Optional.of(network.placementGroup(r.clusterName(), r.labels())) : Optional.empty();
        String image = config.settings().property("image_id").orElseGet(() -> amis.imageFor(ec2, errors, p.instanceType()));
        RunInstancesRequest req = request(p, r, userData, subnet, group, placementGroup, image);
        List<Instance> created = errors.provisioning("RunInstances", InstanceTypes.family(p.instanceType()),
                Optional.of(subnet.availabilityZone()), () -> ec2.runInstances(req).instances());
        return tagRanks(created, r.labels());
    }

    private RunInstancesRequest request(Placement p, ClusterRequest r, String userData, Subnet subnet, String group,
            Optional<String> placementGroup, String image) {
        String name = "skyrun-" + r.clusterName();
        int disk = r.diskSizeGib() > 0 ? r.diskSizeGib() : DEFAULT_DISK_GIB;
        EbsVolume volume = EbsVolume.of(p.diskTier(), disk);
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .imageId(image).instanceType(p.instanceType()).minCount(p.nodes()).maxCount(p.nodes())
                .clientToken(r.intentToken())
                .subnetId(subnet.subnetId()).securityGroupIds(group)
                .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)))
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/sda1").ebs(e -> {
                    e.volumeSize(disk).deleteOnTermination(true);
                    volume.applyTo(e);
                }).build())
                .metadataOptions(m -> m.httpTokens("required").instanceMetadataTags(InstanceMetadataTagsState.ENABLED))
                .tagSpecifications(Ec2Tags.spec(ResourceType.INSTANCE, r.labels(), name),
                        Ec2Tags.spec(ResourceType.VOLUME, r.labels(), name));
        config.settings().property("instance_profile").ifPresent(ip -> b.iamInstanceProfile(i -> i.name(ip)));
        b.placement(pl -> {
            pl.availabilityZone(subnet.availabilityZone());
            placementGroup.ifPresent(pl::groupName);
        });
        if (p.spot()) {
            b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT).spotOptions(s -> s
                    .spotInstanceType(SpotInstanceType.ONE_TIME)
                    .instanceInterruptionBehavior(InstanceInterruptionBehavior.TERMINATE)).build());
        }
        return b.build();
    }

    /** Tags each instance and its volumes with its rank ({@code skyrun-node}), ordered by launch index. */
    private List<Instance> tagRanks(List<Instance> instances, Labels labels) {
        List<Instance> ordered = new ArrayList<>(instances);
        ordered.sort(Comparator.comparing((Instance i) -> i.amiLaunchIndex() == null ? 0 : i.amiLaunchIndex())
                .thenComparing(Instance::instanceId));
        for (int rank = 0; rank < ordered.size(); rank++) {
            Instance i = ordered.get(rank);
            String value = Integer.toString(rank);
            boolean tagged = i.tags().stream().anyMatch(t -> t.key().equals(Labels.NODE) && t.value().equals(value));
            if (!tagged) {
                List<String> ids = new ArrayList<>();
                ids.add(i.instanceId());
                i.blockDeviceMappings().forEach(m -> {
                    if (m.ebs() != null && m.ebs().volumeId() != null) {
                        ids.add(m.ebs().volumeId());
                    }
                });
                errors.call("CreateTags", () -> ec2.createTags(t -> t.resources(ids)
                        .tags(Tag.builder().key(Labels.NODE).value(value).build())));
            }
        }
        return ordered;
    }
}

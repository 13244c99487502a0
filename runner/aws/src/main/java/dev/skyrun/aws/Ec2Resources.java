package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * What skyrun made in one EC2 region, found by tag, one kind at a time: instances (the compute),
 * then volumes left after termination, placement groups and security groups (the auxiliaries),
 * and their removal. The order and verification of a teardown are core's
 * ({@code dev.skyrun.cloud.Teardown}); this class only answers and acts.
 */
record Ec2Resources(Ec2Client ec2, AwsErrors errors, Duration poll, Duration timeout) {

    /** Instances carrying the labels that are not terminated. */
    List<CloudResource> instances(Labels labels) {
        return Ec2Instances.live(ec2, errors, labels).stream()
                .map(i -> new CloudResource(AwsProvider.NAME, "instance", i.instanceId(), Ec2Tags.asMap(i.tags()))).toList();
    }

    /** Auxiliaries of one kind carrying the labels. */
    List<CloudResource> find(String kind, Labels labels) {
        var filters = Ec2Tags.filters(labels);
        List<CloudResource> out = new ArrayList<>();
        switch (kind) {
            case "volume" -> errors.call("DescribeVolumes", () -> ec2.describeVolumes(r -> r.filters(filters)).volumes()).forEach(v ->
                    out.add(new CloudResource(AwsProvider.NAME, kind, v.volumeId(), Ec2Tags.asMap(v.tags()))));
            case "placement-group" -> errors.call("DescribePlacementGroups", () -> ec2.describePlacementGroups(r -> r.filters(filters))
                    .placementGroups()).forEach(g -> out.add(new CloudResource(AwsProvider.NAME, kind, g.groupName(), Ec2Tags.asMap(g.tags()))));
            case "security-group" -> errors.call("DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.filters(filters))
                    .securityGroups()).forEach(g -> out.add(new CloudResource(AwsProvider.NAME, kind, g.groupId(), Ec2Tags.asMap(g.tags()))));
            default -> throw new IllegalArgumentException("aws has no auxiliary kind " + kind);
        }
        return out;
    }

    /** Asks EC2 to terminate the instances not terminated yet, without waiting; ids EC2 no longer knows are fine. */
    void terminate(List<String> ids) {
        List<String> live = live(ids);
        if (!live.isEmpty()) {
            ignoring("InvalidInstanceID.NotFound", "TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(live)));
        }
    }

    /** Those of the instances EC2 does not show terminated. */
    List<String> live(List<String> ids) {
        return Ec2Instances.byIds(ec2, errors, ids).stream()
                .filter(i -> !"terminated".equals(i.state().nameAsString())).map(Instance::instanceId).toList();
    }

    /** Removes one resource (an instance: asks it terminated); absent is fine. Security groups still in use are retried until the timeout. */
    void remove(CloudResource r) {
        switch (r.kind()) {
            case "instance" -> terminate(List.of(r.id()));
            case "volume" -> ignoring("InvalidVolume.NotFound", "DeleteVolume", () -> ec2.deleteVolume(q -> q.volumeId(r.id())));
            case "placement-group" -> ignoring("InvalidPlacementGroup.Unknown", "DeletePlacementGroup",
                    () -> ec2.deletePlacementGroup(q -> q.groupName(r.id())));
            case "security-group" -> deleteGroup(r.id());
            default -> throw new IllegalArgumentException("aws cannot remove a " + r.kind());
        }
    }

    private void deleteGroup(String groupId) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                ignoring("InvalidGroup.NotFound", "DeleteSecurityGroup", () -> ec2.deleteSecurityGroup(q -> q.groupId(groupId)));
                return;
            } catch (CloudException e) {
                boolean inUse = e.getCause() instanceof AwsServiceException s && "DependencyViolation".equals(AwsErrors.code(s));
                if (!inUse || System.nanoTime() > deadline) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private void ignoring(String absentCode, String operation, Runnable call) {
        try {
            errors.call(operation, () -> {
                call.run();
                return null;
            });
        } catch (CloudException e) {
            if (!(e.getCause() instanceof AwsServiceException s && absentCode.equals(AwsErrors.code(s)))) {
                throw e;
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("aws: interrupted while waiting for EC2", e);
        }
    }
}

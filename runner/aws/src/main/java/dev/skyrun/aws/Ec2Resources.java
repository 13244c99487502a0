package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Everything skyrun made in EC2 for some labels (instances, volumes, security groups, placement
 * groups), found by tag, and its verified removal: {@code terminate} returns only when EC2
 * reports nothing left with the labels.
 */
record Ec2Resources(Ec2Client ec2, AwsErrors errors, Duration poll, Duration timeout) {

    /** Everything carrying the labels, instances first (they must go before what they use). */
    List<CloudResource> find(Labels labels) {
        List<CloudResource> out = new ArrayList<>();
        for (Instance i : Ec2Instances.live(ec2, errors, labels)) {
            out.add(new CloudResource(AwsProvider.NAME, "instance", i.instanceId(), Ec2Tags.asMap(i.tags())));
        }
        var filters = Ec2Tags.filters(labels);
        errors.call("DescribeVolumes", () -> ec2.describeVolumes(r -> r.filters(filters)).volumes()).forEach(v ->
                out.add(new CloudResource(AwsProvider.NAME, "volume", v.volumeId(), Ec2Tags.asMap(v.tags()))));
        errors.call("DescribePlacementGroups", () -> ec2.describePlacementGroups(r -> r.filters(filters)).placementGroups()).forEach(g ->
                out.add(new CloudResource(AwsProvider.NAME, "placement-group", g.groupName(), Ec2Tags.asMap(g.tags()))));
        errors.call("DescribeSecurityGroups", () -> ec2.describeSecurityGroups(r -> r.filters(filters)).securityGroups()).forEach(g ->
                out.add(new CloudResource(AwsProvider.NAME, "security-group", g.groupId(), Ec2Tags.asMap(g.tags()))));
        return out;
    }

    /**
     * Terminates the instances (those given and any found by the labels), waits until EC2 says
     * they are terminated, then deletes leftover volumes, the placement group and the security
     * group, and checks that nothing with the labels remains.
     */
    void terminate(List<String> knownIds, Labels labels) {
        Set<String> ids = new LinkedHashSet<>(knownIds);
        Ec2Instances.live(ec2, errors, labels).forEach(i -> ids.add(i.instanceId()));
        terminateInstances(List.copyOf(ids));
        for (CloudResource r : find(labels)) {
            if (!r.kind().equals("instance")) {
                remove(r);
            }
        }
        List<CloudResource> left = find(labels);
        if (!left.isEmpty()) {
            throw new CloudException("aws " + errors.region() + ": after terminating, these still carry " + labels.values()
                    + ": " + left.stream().map(r -> r.kind() + " " + r.id()).toList() + "; run `skyrun down --sweep` again or remove them in the console");
        }
    }

    /** Removes one resource; absent is fine. Security groups still in use are retried until the timeout. */
    void remove(CloudResource r) {
        switch (r.kind()) {
            case "instance" -> terminateInstances(List.of(r.id()));
            case "volume" -> ignoring("InvalidVolume.NotFound", "DeleteVolume", () -> ec2.deleteVolume(q -> q.volumeId(r.id())));
            case "placement-group" -> ignoring("InvalidPlacementGroup.Unknown", "DeletePlacementGroup",
                    () -> ec2.deletePlacementGroup(q -> q.groupName(r.id())));
            case "security-group" -> deleteGroup(r.id());
            default -> throw new IllegalArgumentException("aws cannot remove a " + r.kind());
        }
    }

    private void terminateInstances(List<String> ids) {
        List<String> live = Ec2Instances.byIds(ec2, errors, ids).stream()
                .filter(i -> !"terminated".equals(i.state().nameAsString())).map(Instance::instanceId).toList();
        if (!live.isEmpty()) {
            ignoring("InvalidInstanceID.NotFound", "TerminateInstances", () -> ec2.terminateInstances(r -> r.instanceIds(live)));
        }
        awaitTerminated(live);
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

    private void awaitTerminated(List<String> ids) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ids.isEmpty()) {
            List<String> left = Ec2Instances.byIds(ec2, errors, ids).stream()
                    .filter(i -> !"terminated".equals(i.state().nameAsString())).map(Instance::instanceId).toList();
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new CloudException("aws " + errors.region() + ": instances " + left + " not terminated after "
                        + timeout.toSeconds() + " s; check the EC2 console, then run `skyrun down` again");
            }
            sleep();
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

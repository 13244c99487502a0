package dev.skyrun.aws;

import dev.skyrun.cloud.Labels;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

/** DescribeInstances by tags or ids, all pages, as a flat list. */
final class Ec2Instances {

    private Ec2Instances() {}

    /** Instances carrying these labels that are not terminated. */
    static List<Instance> live(Ec2Client ec2, AwsErrors errors, Labels labels) {
        var filters = new ArrayList<>(Ec2Tags.filters(labels));
        filters.add(Ec2Tags.filter("instance-state-name", Ec2Tags.LIVE_STATES));
        return errors.call("DescribeInstances", () -> flatten(ec2.describeInstancesPaginator(r -> r.filters(filters)).reservations()));
    }

    /** The instances with these ids in any state; ids EC2 no longer knows are simply absent. */
    static List<Instance> byIds(Ec2Client ec2, AwsErrors errors, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try {
            return errors.call("DescribeInstances", () -> flatten(ec2.describeInstancesPaginator(r -> r.instanceIds(ids)).reservations()));
        } catch (dev.skyrun.cloud.CloudException e) {
            if (e.getCause() instanceof AwsServiceException s && "InvalidInstanceID.NotFound".equals(AwsErrors.code(s))) {
                return List.of();
            }
            throw e;
        }
    }

    private static List<Instance> flatten(Iterable<Reservation> reservations) {
        List<Instance> out = new ArrayList<>();
        reservations.forEach(r -> out.addAll(r.instances()));
        return out;
    }
}

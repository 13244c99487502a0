package dev.skyrun.aws;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;

/**
 * Finds the GPU-ready image of a region: the newest AWS Deep Learning AMI of the right family
 * (NVIDIA driver + Docker + NVIDIA container toolkit, or Neuron for Trainium/Inferentia),
 * looked up once per region and family with DescribeImages and cached.
 */
final class AmiFinder {

    /** The image families skyrun boots. */
    enum Family {
        /** NVIDIA GPU and CPU instance types. */
        NVIDIA("Deep Learning Base OSS Nvidia Driver GPU AMI (Ubuntu 22.04) *"),
        /** Trainium and Inferentia (Neuron) instance types. */
        NEURON("Deep Learning Base Neuron AMI (Ubuntu 22.04) *");

        final String namePattern;

        Family(String namePattern) {
            this.namePattern = namePattern;
        }

        static Family of(String instanceType) {
            return InstanceTypes.isNeuron(instanceType) ? NEURON : NVIDIA;
        }
    }

    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /** The image id for an instance type in the region the client talks to. */
    String imageFor(Ec2Client ec2, AwsErrors errors, String instanceType) {
        Family family = Family.of(instanceType);
        return cache.computeIfAbsent(errors.region() + "/" + family, k -> lookup(ec2, errors, family));
    }

    private static String lookup(Ec2Client ec2, AwsErrors errors, Family family) {
        var images = errors.call("DescribeImages", () -> ec2.describeImages(r -> r.owners("amazon").filters(
                Ec2Tags.filter("name", family.namePattern), Ec2Tags.filter("state", "available"),
                Ec2Tags.filter("architecture", "x86_64"))).images());
        return images.stream().max(Comparator.comparing(Image::creationDate)).map(Image::imageId)
                .orElseThrow(() -> new dev.skyrun.cloud.CloudException("aws " + errors.region()
                        + " DescribeImages: no image named '" + family.namePattern + "' owned by amazon;"
                        + " set the aws property image_id to an AMI with Docker installed"));
    }
}

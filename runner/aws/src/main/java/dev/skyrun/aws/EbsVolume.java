package dev.skyrun.aws;

import dev.skyrun.spec.DiskTier;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The root EBS volume of a node by {@code disk_tier}, as SkyPilot maps the tiers on AWS: {@code low} a
 * {@code standard} volume, {@code medium} gp3 at 3,500 IOPS, {@code high} gp3 at 7,000 IOPS, {@code ultra} (and
 * {@code best}, AWS's highest) io2 at 20,000 IOPS; gp3 throughput is IOPS / 16 MiB/s. No tier: gp3 at its baseline.
 * IOPS never exceed what the volume's size allows (500 per GiB).
 *
 * @param type the volume type
 * @param iops provisioned IOPS, 0 for the type's own
 * @param throughputMibs gp3 throughput in MiB/s, 0 for the type's own
 */
record EbsVolume(VolumeType type, int iops, int throughputMibs) {

    private static final int IOPS_PER_GIB = 500;

    static EbsVolume of(Optional<DiskTier> tier, int sizeGib) {
        if (tier.isEmpty()) {
            return new EbsVolume(VolumeType.GP3, 0, 0);
        }
        return switch (tier.get()) {
            case LOW -> new EbsVolume(VolumeType.STANDARD, 0, 0);
            case MEDIUM -> gp3(3500, sizeGib);
            case HIGH -> gp3(7000, sizeGib);
            case ULTRA, BEST -> new EbsVolume(VolumeType.IO2, Math.min(20000, IOPS_PER_GIB * sizeGib), 0);
        };
    }

    private static EbsVolume gp3(int iops, int sizeGib) {
        int capped = Math.max(3000, Math.min(iops, IOPS_PER_GIB * sizeGib));
        return new EbsVolume(VolumeType.GP3, capped, capped / 16);
    }

    /** Sets type, IOPS and throughput on the root volume's block device. */
    void applyTo(EbsBlockDevice.Builder ebs) {
        ebs.volumeType(type);
        if (iops > 0) {
            ebs.iops(iops);
        }
        if (throughputMibs > 0) {
            ebs.throughput(throughputMibs);
        }
    }
}

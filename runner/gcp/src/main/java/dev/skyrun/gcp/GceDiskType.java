package dev.skyrun.gcp;

import dev.skyrun.spec.DiskTier;
import java.util.Optional;

/**
 * The boot disk type of a Compute Engine node by {@code disk_tier}, as SkyPilot maps the tiers on GCP:
 * {@code low} pd-standard, {@code medium} pd-balanced, {@code high} pd-ssd, {@code ultra} (and {@code best}, GCP's
 * highest) pd-extreme at 20,000 IOPS; with its per-series exceptions: n1, a2, g2 and n2 below 64 vCPUs have no
 * pd-extreme (pd-ssd instead), a3 and g2 no pd-standard (pd-balanced instead), a3's ultra is hyperdisk-balanced,
 * and a3-ultragpu, a4 and n4 take only hyperdisk-balanced. No tier: the provider's default.
 *
 * @param type the disk type name ({@code pd-ssd})
 * @param provisionedIops IOPS to provision, 0 for the type's own
 */
record GceDiskType(String type, long provisionedIops) {

    static final long PD_EXTREME_IOPS = 20000;

    static Optional<GceDiskType> of(Optional<DiskTier> tier, String machineType) {
        if (tier.isEmpty()) {
            return Optional.empty();
        }
        String series = machineType.split("-")[0];
        if (machineType.startsWith("a3-ultragpu") || series.equals("n4") || series.equals("a4")) {
            return Optional.of(new GceDiskType("hyperdisk-balanced", 0));
        }
        String type = switch (tier.get()) {
            case LOW -> series.equals("a3") || series.equals("g2") ? "pd-balanced" : "pd-standard";
            case MEDIUM -> "pd-balanced";
            case HIGH -> "pd-ssd";
            case ULTRA, BEST -> series.equals("a3") ? "hyperdisk-balanced" : noExtreme(series, machineType) ? "pd-ssd" : "pd-extreme";
        };
        return Optional.of(new GceDiskType(type, type.equals("pd-extreme") ? PD_EXTREME_IOPS : 0));
    }

    private static boolean noExtreme(String series, String machineType) {
        if (series.equals("n1") || series.equals("a2") || series.equals("g2")) {
            return true;
        }
        String[] parts = machineType.split("-");
        return series.equals("n2") && (parts.length < 3 || !parts[2].matches("[0-9]+") || Integer.parseInt(parts[2]) < 64);
    }
}

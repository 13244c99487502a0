package dev.skyrun.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * SkyPilot's OS disk performance tiers ({@code resources.disk_tier}); each plug-in maps them onto its
 * own disk types. {@link #BEST} is the highest tier the cloud offers for the instance type.
 */
public enum DiskTier {
    LOW, MEDIUM, HIGH, ULTRA, BEST;

    /** The tier written as in a spec ({@code low} ... {@code best}); empty for anything else. */
    public static Optional<DiskTier> parse(String text) {
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How a spec writes it. */
    public String written() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.skyrun.catalog;

import dev.skyrun.schema.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accelerator names skyrun knows, built in until the catalog supplies its own: canonical
 * spelling (as in SkyPilot's catalogs), case-insensitive lookup and suggestions.
 *
 * <pre>{@code
 * AcceleratorNames.canonical("a100-80gb")        // Optional[A100-80GB]
 * AcceleratorNames.canonical("TPU-V5E-8")        // Optional[tpu-v5litepod-8]
 * AcceleratorNames.suggestions("A100-80G")       // [A100-80GB, A100]
 * }</pre>
 *
 * <p>TPU names carry their slice size, {@code tpu-VERSION-CORES}; {@code v5e} is an alias of
 * SkyPilot's {@code v5litepod}.
 */
public final class AcceleratorNames {

    private static final List<String> GPUS = List.of(
            // NVIDIA data-centre GPUs
            "B200", "B100", "GB200", "GH200", "H200", "H100", "H100-MEGA", "A100", "A100-80GB", "A40", "A30", "A10",
            "A10G", "L40", "L40S", "L4", "T4", "T4g", "V100", "V100-32GB", "P100", "P40", "P4", "K80", "M60",
            // NVIDIA workstation / consumer GPUs found in clouds
            "A6000", "A5000", "A4000", "RTX6000", "RTX6000-Ada", "RTX5880-Ada", "RTXA6000", "RTXA5000", "RTXA4000",
            "RTXPRO6000", "RTXPRO6000WS", "RTX3060", "RTX3070", "RTX3080", "RTX3090", "RTX4060", "RTX4070",
            "RTX4080", "RTX4090", "RTX5070", "RTX5080", "RTX5090",
            // AMD and Intel
            "MI25", "MI100", "MI210", "MI250", "MI250X", "MI300X", "MI325X", "Gaudi", "Gaudi2", "Gaudi3",
            // AWS silicon
            "Inferentia", "Inferentia2", "Trainium", "Trainium2");

    private static final Set<String> TPU_VERSIONS = Set.of("v2", "v3", "v4", "v5litepod", "v5p", "v6e");
    private static final Pattern TPU = Pattern.compile("tpu-(v[0-9a-z]+)-([0-9]+)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> BY_LOWER = index();

    private AcceleratorNames() {}

    private static Map<String, String> index() {
        Map<String, String> m = new LinkedHashMap<>();
        GPUS.forEach(n -> m.put(n.toLowerCase(Locale.ROOT), n));
        m.put("inferentia1", "Inferentia");
        m.put("trainium1", "Trainium");
        m.put("a100-40gb", "A100");
        m.put("v100-16gb", "V100");
        return m;
    }

    /** The canonical spelling of {@code name}, or empty when skyrun does not know it. */
    public static Optional<String> canonical(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        Matcher tpu = TPU.matcher(lower);
        if (tpu.matches()) {
            String version = "v5e".equals(tpu.group(1)) ? "v5litepod" : tpu.group(1);
            return TPU_VERSIONS.contains(version) && Integer.parseInt(tpu.group(2)) > 0
                    ? Optional.of("tpu-" + version + "-" + Integer.parseInt(tpu.group(2)))
                    : Optional.empty();
        }
        return Optional.ofNullable(BY_LOWER.get(lower));
    }

    /** Whether {@code name} names a TPU slice ({@code tpu-v4-8}). */
    public static boolean isTpu(String name) {
        return TPU.matcher(name).matches();
    }

    /** Known names close to {@code name}, closest first (at most five). */
    public static List<String> suggestions(String name) {
        List<String> known = new ArrayList<>(GPUS);
        for (String v : TPU_VERSIONS) {
            known.add("tpu-" + v + "-8");
        }
        List<String> ranked = Suggestions.ranked(name.strip(), known);
        return ranked.subList(0, Math.min(5, ranked.size()));
    }

    /** Every known GPU-like name (TPUs are a pattern, not listed). */
    public static List<String> gpus() {
        return GPUS;
    }
}

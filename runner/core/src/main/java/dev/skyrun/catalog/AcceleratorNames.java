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
            "Inferentia", "Inferentia2", "Trainium", "Trainium2",
            // sold under these names by GPU marketplaces
            "H100-NVL");

    /** TPU slices listed among the known names (others of a known version are known by pattern). */
    private static final List<String> TPU_SLICES = List.of(
            "tpu-v2-8", "tpu-v3-8", "tpu-v4-8", "tpu-v5litepod-1", "tpu-v5litepod-4", "tpu-v5litepod-8",
            "tpu-v5litepod-16", "tpu-v5p-8", "tpu-v6e-1", "tpu-v6e-4", "tpu-v6e-8", "tpu-v6e-16");

    /** Other spellings of a name, lower-cased, and the canonical name they stand for. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("a100-40gb", "A100"),
            Map.entry("h100-80gb", "H100"),
            Map.entry("h100-sxm5", "H100"),
            Map.entry("a10g-24gb", "A10G"),
            Map.entry("v100-16gb", "V100"),
            Map.entry("inferentia1", "Inferentia"),
            Map.entry("trainium1", "Trainium"),
            Map.entry("trn1", "Trainium"),
            Map.entry("trn2", "Trainium2"),
            Map.entry("inferentia", "Inferentia2"),
            Map.entry("inf2", "Inferentia2"));

    private static final Set<String> TPU_VERSIONS = Set.of("v2", "v3", "v4", "v5litepod", "v5p", "v6e");
    private static final Pattern TPU = Pattern.compile("tpu-(v[0-9a-z]+)-([0-9]+)", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> BY_LOWER = index();

    private AcceleratorNames() {}

    private static Map<String, String> index() {
        Map<String, String> m = new LinkedHashMap<>();
        GPUS.forEach(n -> m.put(n.toLowerCase(Locale.ROOT), n));
        ALIASES.forEach((alias, name) -> m.putIfAbsent(alias, name));
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

    /**
     * {@code name} lower-cased, with a known alias replaced by the name it stands for (lower-cased):
     * how a catalog that spells names its own way looks them up ({@link AcceleratorIndex}).
     */
    public static String unalias(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        String alias = ALIASES.get(lower);
        if (alias != null) {
            return alias.toLowerCase(Locale.ROOT);
        }
        if (lower.startsWith("tpu-v5e-")) {
            return "tpu-v5litepod-" + lower.substring("tpu-v5e-".length());
        }
        if (lower.startsWith("tpu-v6-")) {
            return "tpu-v6e-" + lower.substring("tpu-v6-".length());
        }
        return lower;
    }

    /** Every known name: the GPU-like names and the common TPU slices (as a catalog without its own list knows them). */
    public static List<String> known() {
        List<String> all = new ArrayList<>(GPUS);
        all.addAll(TPU_SLICES);
        return all;
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

package dev.skyrun.azure;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The GPU model of an Azure VM size, read from its name as the SkyPilot catalog names it: the
 * resource SKUs give a GPU count but not the model. First match wins.
 */
final class AzureGpus {

    private record Rule(Pattern size, String gpu) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile(".*_H200_.*"), "H200"),
            new Rule(Pattern.compile(".*_H100_.*"), "H100"),
            new Rule(Pattern.compile(".*_MI300X_.*"), "MI300X"),
            new Rule(Pattern.compile("standard_nd96amsr_a100_v4|standard_nc\\d+ads_a100_v4"), "A100-80GB"),
            new Rule(Pattern.compile(".*_A100_.*|standard_nd96asr_v4"), "A100"),
            new Rule(Pattern.compile(".*_A10_.*"), "A10"),
            new Rule(Pattern.compile(".*_T4_.*"), "T4"),
            new Rule(Pattern.compile("standard_nc\\d+s_v3|standard_nd40rs_v2|standard_nc\\d+s_v3_promo"), "V100"),
            new Rule(Pattern.compile("standard_nc\\d+s_v2"), "P100"),
            new Rule(Pattern.compile("standard_nd\\d+s"), "P40"),
            new Rule(Pattern.compile("standard_nc\\d+r?(_promo)?"), "K80"),
            new Rule(Pattern.compile("standard_nv\\d+s?(_v2)?"), "M60"));

    private AzureGpus() {}

    /** The GPU model of a size, if its name says. */
    static Optional<String> model(String size) {
        String lower = size.toLowerCase(Locale.ROOT);
        for (Rule r : RULES) {
            if (r.size().matcher(size).matches() || r.size().matcher(lower).matches()) {
                return Optional.of(r.gpu());
            }
        }
        return Optional.empty();
    }
}

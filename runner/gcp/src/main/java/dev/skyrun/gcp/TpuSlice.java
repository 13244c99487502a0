package dev.skyrun.gcp;

import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.InvalidInputException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A TPU slice as skyrun names it ({@code tpu-v5litepod-8}): the TPU API's accelerator type,
 * its generation's default runtime version and how many worker VMs it has.
 *
 * @param acceleratorType the TPU API's type, e.g. {@code v5litepod-8}
 * @param generation {@code v4}, {@code v5litepod}, {@code v5p}, {@code v6e}
 * @param size the number after the dash (TensorCores for v4/v5p, chips for v5e/v6e)
 */
record TpuSlice(String acceleratorType, String generation, int size) {

    private static final Map<String, String> DEFAULT_RUNTIME = Map.of(
            "v4", "tpu-ubuntu2204-base",
            "v5litepod", "v2-alpha-tpuv5-lite",
            "v5p", "v2-alpha-tpuv5",
            "v6e", "v2-alpha-tpuv6e");

    /** The slice a placement asks for, if it is a TPU placement. */
    static Optional<TpuSlice> of(Placement p) {
        String name = p.accelerator().map(a -> a.name()).orElse(p.instanceType()).toLowerCase(Locale.ROOT);
        if (!name.startsWith("tpu-")) {
            return Optional.empty();
        }
        String type = name.substring("tpu-".length());
        int dash = type.lastIndexOf('-');
        if (dash < 0 || !type.substring(dash + 1).matches("\\d+")) {
            throw new InvalidInputException("gcp: " + name + " is not a TPU slice name like tpu-v5litepod-8");
        }
        String generation = type.substring(0, dash);
        if (!DEFAULT_RUNTIME.containsKey(generation)) {
            throw new InvalidInputException("gcp: TPU generation " + generation + " is not supported; use one of "
                    + String.join(", ", DEFAULT_RUNTIME.keySet().stream().sorted().toList()));
        }
        return Optional.of(new TpuSlice(type, generation, Integer.parseInt(type.substring(dash + 1))));
    }

    /** {@code accelerator_args.runtime_version}, else the generation's default software version. */
    String runtimeVersion(Map<String, String> acceleratorArgs) {
        return Optional.ofNullable(acceleratorArgs.get("runtime_version")).orElse(DEFAULT_RUNTIME.get(generation));
    }

    /** Worker VMs in the slice: single-host up to 8 chips, 4 chips (8 TensorCores on v4/v5p) per host beyond. */
    int workers() {
        boolean cores = generation.equals("v4") || generation.equals("v5p");
        int chips = cores ? size / 2 : size;
        return chips <= (cores ? 4 : 8) ? 1 : chips / 4;
    }
}

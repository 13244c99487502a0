package dev.skyrun.bench;

import dev.skyrun.catalog.AcceleratorText;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.Accelerators;
import dev.skyrun.spec.Quantity;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The benchmark's requests, written in a one-line shorthand: {@code A100:8 spot gcp/us-central1},
 * {@code cpus=8+ mem=32+}, {@code any=A100:8,H100:8}, {@code ordered=...}, {@code fallback}
 * (any_of spot, then on-demand), {@code nodes=4}, {@code type=T}, {@code max=1.5}.
 */
public final class Requests {
    /** Twenty varied requests: GPUs, TPUs, CPUs, pins, sets, spot, fallbacks, nodes, limits. */
    public static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        String[] lines = {
            "L4:1", "A100:8", "H100:8 spot", "tpu-v5litepod-8", "cpus=8+ mem=32+", "T4:1",
            "A100:8 gcp/us-central1", "A100:8 azure", "any=A100:8,H100:8", "ordered=H100:8,A100:8",
            "A100:8 fallback", "V100:4 gcp spot", "cpus=4 mem=16 gcp", "type=Standard_D8s_v5",
            "H100:8 nodes=4", "A10:1 max=1.5", "L4:1 gcp/us-east4/us-east4-a", "tpu-v6e-8 spot",
            "cpus=16+ mem=64+ azure spot", "any=T4:1,L4:1,A10G:1 fallback",
        };
        for (int i = 0; i < lines.length; i++) {
            ALL.put(String.format("%02d", i + 1), lines[i]);
        }
    }

    private Requests() {}

    /** The task a shorthand line stands for. */
    public static TaskSpec task(String line) {
        Optional<String> cloud = Optional.empty();
        Optional<String> region = Optional.empty();
        Optional<String> zone = Optional.empty();
        Optional<Accelerators> acc = Optional.empty();
        Optional<Quantity> cpus = Optional.empty();
        Optional<Quantity> mem = Optional.empty();
        Optional<String> type = Optional.empty();
        Optional<Boolean> spot = Optional.empty();
        Optional<Double> max = Optional.empty();
        List<Resources> anyOf = new ArrayList<>();
        int nodes = 1;
        for (String t : line.split(" ")) {
            String v = t.substring(t.indexOf('=') + 1);
            if (t.startsWith("cpus=")) {
                cpus = Optional.of(Quantity.parse(v));
            } else if (t.startsWith("mem=")) {
                mem = Optional.of(Quantity.parse(v));
            } else if (t.startsWith("type=")) {
                type = Optional.of(v);
            } else if (t.startsWith("max=")) {
                max = Optional.of(Double.parseDouble(v));
            } else if (t.startsWith("nodes=")) {
                nodes = Integer.parseInt(v);
            } else if (t.startsWith("any=") || t.startsWith("ordered=")) {
                acc = Optional.of(new Accelerators(Arrays.stream(v.split(",")).map(Requests::choice).toList(),
                        t.startsWith("any=") ? Accelerators.Preference.ANY : Accelerators.Preference.ORDERED));
            } else if (t.equals("spot")) {
                spot = Optional.of(true);
            } else if (t.equals("fallback")) {
                anyOf.add(resources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(true), Optional.empty(), List.of()));
                anyOf.add(resources(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(false), Optional.empty(), List.of()));
            } else if (t.contains(":")) {
                acc = Optional.of(new Accelerators(List.of(choice(t)), Accelerators.Preference.ONE));
            } else if (t.startsWith("tpu-")) {
                acc = Optional.of(new Accelerators(List.of(new AcceleratorChoice(t, 1)), Accelerators.Preference.ONE));
            } else {
                String[] p = t.split("/");
                cloud = Optional.of(p[0]);
                region = p.length > 1 ? Optional.of(p[1]) : Optional.empty();
                zone = p.length > 2 ? Optional.of(p[2]) : Optional.empty();
            }
        }
        Resources r = resources(cloud, region, zone, acc, cpus, mem, type, spot, max, anyOf);
        return new TaskSpec("bench", Optional.empty(), nodes, r, Map.of(), Map.of(), Map.of(), Optional.empty(),
                Optional.of("true"), Optional.empty(), Map.of(), Optional.empty(), List.of());
    }

    private static Resources resources(Optional<String> cloud, Optional<String> region, Optional<String> zone,
            Optional<Accelerators> acc, Optional<Quantity> cpus, Optional<Quantity> mem, Optional<String> type,
            Optional<Boolean> spot, Optional<Double> max, List<Resources> anyOf) {
        return new Resources(cloud, region, zone, acc, Map.of(), cpus, mem, type, spot, Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Map.of(), max, anyOf, List.of(), Optional.empty());
    }

    private static AcceleratorChoice choice(String s) {
        AcceleratorText written = AcceleratorText.parse(s);
        return new AcceleratorChoice(written.name(), written.countOrOne());
    }
}

package dev.skyrun.plan;

import dev.skyrun.spec.Accelerators;
import dev.skyrun.spec.AcceleratorChoice;
import dev.skyrun.spec.Quantity;
import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds task requests in code, as a spec file would: {@code Requests.res().acc("A100:8").spot(true).task()}. */
final class Requests {
    private Optional<String> cloud = Optional.empty();
    private Optional<String> region = Optional.empty();
    private Optional<String> zone = Optional.empty();
    private Optional<Accelerators> acc = Optional.empty();
    private Optional<Quantity> cpus = Optional.empty();
    private Optional<Quantity> memory = Optional.empty();
    private Optional<String> type = Optional.empty();
    private Optional<Boolean> spot = Optional.empty();
    private Optional<Double> maxCost = Optional.empty();
    private List<Resources> anyOf = List.of();
    private List<Resources> ordered = List.of();

    static Requests res() {
        return new Requests();
    }

    Requests infra(String infra) {
        String[] p = infra.split("/");
        cloud = Optional.of(p[0]);
        region = p.length > 1 ? Optional.of(p[1]) : Optional.empty();
        zone = p.length > 2 ? Optional.of(p[2]) : Optional.empty();
        return this;
    }

    Requests acc(String one) {
        acc = Optional.of(new Accelerators(List.of(choice(one)), Accelerators.Preference.ONE));
        return this;
    }

    Requests accOrdered(String... choices) {
        acc = Optional.of(new Accelerators(Arrays.stream(choices).map(Requests::choice).toList(),
                Accelerators.Preference.ORDERED));
        return this;
    }

    Requests accAny(String... choices) {
        acc = Optional.of(new Accelerators(Arrays.stream(choices).map(Requests::choice).toList(),
                Accelerators.Preference.ANY));
        return this;
    }

    Requests cpus(String q) {
        cpus = Optional.of(Quantity.parse(q));
        return this;
    }

    Requests memory(String q) {
        memory = Optional.of(Quantity.parse(q));
        return this;
    }

    Requests type(String t) {
        type = Optional.of(t);
        return this;
    }

    Requests spot(boolean s) {
        spot = Optional.of(s);
        return this;
    }

    Requests maxCost(double c) {
        maxCost = Optional.of(c);
        return this;
    }

    Requests anyOf(Requests... entries) {
        anyOf = Arrays.stream(entries).map(Requests::build).toList();
        return this;
    }

    Requests ordered(Requests... entries) {
        ordered = Arrays.stream(entries).map(Requests::build).toList();
        return this;
    }

    Resources build() {
        return new Resources(cloud, region, zone, acc, Map.of(), cpus, memory, type, spot, Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Map.of(), maxCost, anyOf, ordered, Optional.empty());
    }

    TaskSpec task() {
        return task(1);
    }

    TaskSpec task(int nodes) {
        return new TaskSpec("t", Optional.empty(), nodes, build(), Map.of(), Map.of(), Map.of(), Optional.empty(),
                Optional.of("true"), Optional.empty(), Map.of(), Optional.empty(), List.of());
    }

    private static AcceleratorChoice choice(String s) {
        int colon = s.lastIndexOf(':');
        return colon < 0 ? new AcceleratorChoice(s, 1)
                : new AcceleratorChoice(s.substring(0, colon), Double.parseDouble(s.substring(colon + 1)));
    }
}

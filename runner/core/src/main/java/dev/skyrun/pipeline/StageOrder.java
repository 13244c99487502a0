package dev.skyrun.pipeline;

import dev.skyrun.spec.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Orders stages so each comes after the stages it needs (Kahn's algorithm, declaration order among equals). */
public final class StageOrder {

    private StageOrder() {}

    /**
     * The stages in an order where every need comes first.
     *
     * @throws IllegalArgumentException on an unknown need or a cycle, naming the stages
     */
    public static List<Stage> topological(List<Stage> stages) {
        Map<String, Stage> byName = new LinkedHashMap<>();
        stages.forEach(s -> byName.put(s.name(), s));
        Map<String, Integer> missing = new HashMap<>();
        for (Stage s : stages) {
            for (String need : s.needs()) {
                if (!byName.containsKey(need)) {
                    throw new IllegalArgumentException("stage " + s.name() + " needs '" + need + "', which is no stage of the pipeline");
                }
            }
            missing.put(s.name(), s.needs().size());
        }
        List<Stage> order = new ArrayList<>();
        while (order.size() < stages.size()) {
            Stage next = stages.stream().filter(s -> missing.get(s.name()) == 0 && !order.contains(s)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the needs of stages "
                            + stages.stream().filter(s -> !order.contains(s)).map(Stage::name).toList() + " form a cycle"));
            order.add(next);
            stages.stream().filter(s -> s.needs().contains(next.name())).forEach(s -> missing.merge(s.name(), -1, Integer::sum));
        }
        return List.copyOf(order);
    }
}

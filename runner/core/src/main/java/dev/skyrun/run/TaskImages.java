package dev.skyrun.run;

import dev.skyrun.spec.Resources;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which image a task's job runs in, as {@code validate} says it before any plan: the task's {@code image:}, else
 * per {@code any_of}/{@code ordered} entry its {@code image_id: docker:...} (the entry's, else its parent's), else
 * the default image of each cloud the entry may run on ({@link DefaultImage}).
 *
 * <pre>{@code
 * TaskImages.describe(task, System.getenv())
 *   -> "trainer:2"                                           (one image everywhere)
 *   -> "any_of #1 trainer:2; any_of #2 default (aws ubuntu:22.04)"
 * }</pre>
 */
public final class TaskImages {

    private TaskImages() {}

    /** One image, or one per entry (numbered as {@code plan} numbers them) when the entries differ. */
    public static String describe(TaskSpec task, Map<String, String> env) {
        Resources r = task.resources();
        boolean ordered = !r.ordered().isEmpty();
        List<Resources> entries = ordered ? r.ordered() : r.anyOf().isEmpty() ? List.of(r) : r.anyOf();
        List<String> each = new ArrayList<>();
        for (Resources e : entries) {
            Optional<String> image = task.image().or(() -> e.imageId().isPresent() ? e.containerImage() : r.containerImage());
            boolean gpus = e.accelerators().or(r::accelerators).isPresent();
            each.add(image.orElseGet(() -> defaults(e.cloud().or(r::cloud), gpus, env)));
        }
        Set<String> distinct = new LinkedHashSet<>(each);
        if (distinct.size() == 1) {
            return each.get(0);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < each.size(); i++) {
            out.add((ordered ? "ordered #" : "any_of #") + (i + 1) + " " + each.get(i));
        }
        return String.join("; ", out);
    }

    /** {@code default (aws ubuntu:22.04)}; for a task that may run anywhere, local's and the clouds'. */
    private static String defaults(Optional<String> cloud, boolean gpus, Map<String, String> env) {
        Set<String> clouds = new TreeSet<>();
        cloud.ifPresentOrElse(clouds::add, () -> clouds.addAll(List.of("local", "clouds")));
        List<String> parts = new ArrayList<>();
        for (String c : clouds) {
            parts.add(c + " " + DefaultImage.of(c, gpus, env));
        }
        return "default (" + String.join(", ", parts) + ")";
    }
}

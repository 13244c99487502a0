package dev.skyrun.plan;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.Placement;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.schema.Location;
import dev.skyrun.schema.Problem;
import dev.skyrun.spec.PipelineSpec;
import dev.skyrun.spec.Spec;
import dev.skyrun.spec.Stage;
import dev.skyrun.spec.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The optimizer: for a task, every feasible (cloud, region, zone, instance type, spot?) in the
 * order to try them. Pure: no I/O, same input, same answer.
 *
 * <p>Rules: alternatives of lower rank ({@code ordered} entries, ordered accelerator lists) come
 * first; within a rank, cheaper total $/h first ({@code any_of}, accelerator sets and spot with
 * on-demand fallback compete on price together); ties break by cloud, region, zone, instance
 * type. A request nothing satisfies is an {@link InvalidInputException} that says what was asked
 * and what is offered nearest to it.
 *
 * <pre>{@code
 * Optimizer optimizer = new Optimizer(PlanContext.of(catalog, List.of()));
 * TaskPlan plan = optimizer.plan(task, Location.of(Path.of("task.yaml")));
 * Placement first = plan.best();
 * }</pre>
 */
public final class Optimizer {
    private final PlanContext context;

    /** An optimizer over {@code context}. */
    public Optimizer(PlanContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Plans a task, or each stage of a pipeline in declaration order. */
    public List<TaskPlan> plan(Spec spec, Location where) {
        return switch (spec) {
            case TaskSpec task -> List.of(plan(task, where));
            case PipelineSpec pipeline -> planStages(pipeline, t -> plan(t, where));
        };
    }

    /**
     * Each stage's plan, in declaration order, named after its stage; a stage nothing can run
     * is an {@link InvalidInputException} that names the stage.
     *
     * @param planOne plans one stage's task
     */
    public static List<TaskPlan> planStages(PipelineSpec pipeline, Function<TaskSpec, TaskPlan> planOne) {
        List<TaskPlan> out = new ArrayList<>();
        for (Stage stage : pipeline.stages()) {
            TaskPlan p;
            try {
                p = planOne.apply(stage.task());
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.problems().stream()
                        .map(q -> new Problem(q.location(), "stage '" + stage.name() + "': " + q.message(), q.hint()))
                        .toList());
            }
            out.add(new TaskPlan(stage.name(), p.nodes(), p.asked(), p.placements(), p.removals(), p.candidates()));
        }
        return out;
    }

    /**
     * Every feasible placement of {@code task}, best first.
     *
     * @param where the spec's location, named in the error when nothing is feasible
     * @throws InvalidInputException when no offering satisfies the request
     */
    public TaskPlan plan(TaskSpec task, Location where) {
        Catalog catalog = context.catalog();
        List<Alternative> alternatives = Alternative.expand(task.resources(), task.image(), catalog);
        List<String> asked = alternatives.stream().map(Alternative::label).toList();
        Optional<TaskPlan> scanned = PriceScan.plan(task, asked, alternatives, context);
        if (scanned.isPresent()) {
            return scanned.get();
        }
        Evaluation eval = new Evaluation(context);
        for (Alternative a : alternatives) {
            eval.begin(a);
            List<Offering> source = source(a, catalog);
            removeOutsideSource(eval, a, catalog, source.size());
            for (Offering o : source) {
                eval.consider(o);
            }
            eval.newSegment(false);
            for (Offering o : context.extraOfferings()) {
                eval.consider(o);
            }
        }
        List<Placement> placements = Ranking.rank(eval.survivors(), alternatives, task.numNodes());
        if (placements.isEmpty()) {
            throw new InvalidInputException(Infeasible.problem(task, alternatives, eval, context, where));
        }
        return new TaskPlan(task.name(), task.numNodes(), asked, placements, eval.removals(), eval.candidates());
    }

    /**
     * Counts the candidates of {@code a} its catalog list (of {@code sourceSize} offerings) left
     * out: other accelerators or instance types, other clouds.
     */
    static void removeOutsideSource(Evaluation eval, Alternative a, Catalog catalog, int sourceSize) {
        boolean cpuOfOneCloud = a.accelerator().isEmpty() && a.instanceType().isEmpty() && a.cloud().isPresent();
        long indexed = cpuOfOneCloud ? catalog.cpuOnly().size() : sourceSize;
        eval.removeInBulk(a.accelerator().isPresent() || a.instanceType().isEmpty()
                ? Filter.ACCELERATORS : Filter.INSTANCE_TYPE,
                catalog.offerings().size() - indexed, bulkWhat(a));
        eval.removeInBulk(Filter.CLOUD, indexed - sourceSize, a.cloud().orElse(""));
    }

    private static List<Offering> source(Alternative a, Catalog catalog) {
        if (a.accelerator().isPresent()) {
            return catalog.withAccelerator(a.accelerator().get().name());
        }
        if (a.instanceType().isPresent()) {
            return catalog.withInstanceType(a.instanceType().get());
        }
        return a.cloud().map(catalog::cpuOnly).orElseGet(catalog::cpuOnly);
    }

    private static String bulkWhat(Alternative a) {
        if (a.accelerator().isPresent()) {
            return a.accelerator().get().toString();
        }
        return a.instanceType().orElse("none");
    }
}

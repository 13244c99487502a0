package dev.skyrun.bench;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Selection;
import dev.skyrun.plan.Optimizer;
import dev.skyrun.plan.PlanContext;
import dev.skyrun.plan.TaskPlan;
import dev.skyrun.schema.Location;
import dev.skyrun.spec.TaskSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm optimize time per request on the full shared catalog, for the twenty requests of
 * {@link Requests#ALL} (the {@code request} parameter is its number). Each invocation plans the
 * request and reads the first placement, as {@code launch} does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OptimizeBenchmark {
    @Param({"01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
        "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"})
    public String request;

    private Optimizer optimizer;
    private TaskSpec task;
    private final Location where = new Location("bench.yaml", 0, 0);

    @Setup
    public void setUp() {
        Catalog catalog = CatalogLoader.load(SharedCatalog.dir(), Selection.ALL, Optional.empty());
        optimizer = new Optimizer(PlanContext.of(catalog, List.of()));
        task = Requests.task(Requests.ALL.get(request));
        optimizer.plan(task, where);
    }

    @Benchmark
    public Object plan() {
        TaskPlan p = optimizer.plan(task, where);
        return p.best();
    }
}

package dev.skyrun.bench;

import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading the full shared catalog (gcp, azure, lambda, vast: ~88,000 rows) into an indexed
 * {@link Catalog}: everything, and the part one GPU request needs. File digests come from the
 * cache, as in the CLI after its first run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CatalogLoadBenchmark {
    private Path dir;
    private Optional<Path> cache;

    @Setup
    public void setUp() throws IOException {
        dir = SharedCatalog.dir();
        cache = Optional.of(Files.createTempDirectory("skyrun-bench-cache"));
        CatalogLoader.load(dir, Selection.ALL, cache);
    }

    /** Every row of every cloud, plus the name-ordered CPU index the optimizer uses. */
    @Benchmark
    public Catalog loadAll() {
        Catalog c = CatalogLoader.load(dir, Selection.ALL, cache);
        c.cpuOnly();
        return c;
    }

    /** Only the rows an {@code H100:8} request can use (what {@code skyrun plan} reads for it). */
    @Benchmark
    public Catalog loadForH100() {
        return CatalogLoader.load(dir, Selection.of(Set.of(), Set.of("H100"), false), cache);
    }
}

package dev.skyrun.release;

import dev.skyrun.spec.SloSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a release's SLOs, each at its own interval, until one is breached or each has been read
 * a given number of times. Every reading goes to a listener (which records it, except in a dry
 * run); the count of consecutive failures starts from the readings taken before (by an earlier
 * {@code skyrun watch --once}, say from cron).
 *
 * <pre>{@code
 * SloWatch watch = new SloWatch(pipeline.slos(), sources::read, prior, recorder);
 * Optional<SloBreach> breach = watch.run(0); // 0: until a breach or an interrupt
 * }</pre>
 */
public final class SloWatch {

    /** Gets each reading as it is taken, with its SLO's count of consecutive failures after it. */
    @FunctionalInterface
    public interface Listener {
        void reading(SloSpec slo, SloReading reading, int failures);
    }

    private final List<SloSpec> slos;
    private final Function<SloSpec, SloReading> reader;
    private final Map<String, List<SloReading>> readings = new HashMap<>();
    private final Listener listener;

    /**
     * @param slos the SLOs to read
     * @param reader reads one SLO now
     * @param prior readings taken before, by SLO name, oldest first
     * @param listener gets every reading as it is taken
     */
    public SloWatch(List<SloSpec> slos, Function<SloSpec, SloReading> reader, Map<String, List<SloReading>> prior,
            Listener listener) {
        this.slos = List.copyOf(slos);
        this.reader = reader;
        this.listener = listener;
        slos.forEach(s -> readings.put(s.name(), new ArrayList<>(prior.getOrDefault(s.name(), List.of()))));
    }

    /**
     * Reads the SLOs until one is breached, or until each was read {@code maxReadings} times (0: no bound).
     *
     * @return the first breach, if any
     */
    public Optional<SloBreach> run(int maxReadings) throws InterruptedException {
        Map<String, Long> due = new HashMap<>();
        Map<String, Integer> taken = new HashMap<>();
        long start = System.nanoTime();
        slos.forEach(s -> due.put(s.name(), start));
        while (true) {
            List<SloSpec> open = slos.stream().filter(s -> maxReadings <= 0 || taken.getOrDefault(s.name(), 0) < maxReadings)
                    .toList();
            if (open.isEmpty()) {
                return Optional.empty();
            }
            SloSpec next = open.stream().min(java.util.Comparator.comparingLong(s -> due.get(s.name()))).orElseThrow();
            long wait = due.get(next.name()) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("skyrun watch interrupted");
            }
            Optional<SloBreach> breach = read(next);
            taken.merge(next.name(), 1, Integer::sum);
            due.put(next.name(), Math.max(due.get(next.name()) + next.interval().toNanos(), System.nanoTime()));
            if (breach.isPresent()) {
                return breach;
            }
        }
    }

    private Optional<SloBreach> read(SloSpec slo) {
        SloReading r = reader.apply(slo);
        List<SloReading> list = readings.get(slo.name());
        list.add(r);
        listener.reading(slo, r, SloTally.failures(slo, list));
        return SloTally.breached(slo, list) ? Optional.of(new SloBreach(slo, SloTally.streak(slo, list)))
                : Optional.empty();
    }
}

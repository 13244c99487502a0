package dev.skyrun.run;

import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What {@code skyrun controller} runs: on a shared state, it claims the runs whose controller's
 * lease lapsed (a killed controller or launch, a detached launch that handed its run over) and
 * continues each on a thread of its own exactly as {@code skyrun resume} does: it adopts the live
 * attempt's nodes (never a second set) or starts the next attempt, holding the run's lease
 * meanwhile. Several adopters may serve one database; each run has one owner at a time.
 *
 * <pre>{@code
 * RunAdopter a = new RunAdopter(session, planner, Duration.ofSeconds(15), 500, System.getenv(), line -> ..., listener);
 * a.serve(); // until a.stop()
 * }</pre>
 */
public final class RunAdopter {

    /** How long stopping waits for each followed run to let go. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    /** How often it reports what it follows and its state write latency. */
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    /**
     * At most so many runs claimed per poll, so that several controllers starting together share
     * a backlog instead of the first one taking it all.
     */
    private static final int CLAIM_BATCH = 16;

    private final Session session;
    private final Planner planner;
    private final LeaseKeeper.LeaseTerms terms;
    private final int maxRuns;
    private final Map<String, String> env;
    private final Consumer<String> say;
    private final RunListener listener;
    private final Map<String, RunController> following = new ConcurrentHashMap<>();
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * An adopter of the runs of {@code session}'s shared state.
     *
     * @param term how long its leases hold unless renewed (renewed every third of it)
     * @param maxRuns how many runs it follows at once at most
     * @param env where the secrets of the runs it continues are looked up (as resume does)
     * @param say receives a line for each run adopted, ended or refused
     * @param listener receives the events and log lines of the runs it follows
     */
    public RunAdopter(Session session, Planner planner, Duration term, int maxRuns, Map<String, String> env,
            Consumer<String> say, RunListener listener) {
        this.session = session;
        this.planner = planner;
        this.terms = LeaseKeeper.LeaseTerms.of("controller", term);
        this.maxRuns = maxRuns;
        this.env = Map.copyOf(env);
        this.say = say;
        this.listener = listener;
    }

    /** Who this adopter is, as leases and {@code status} name it. */
    public String owner() {
        return terms.owner();
    }

    /**
     * Claims and follows lapsed runs until {@link #stop}; then leaves the runs it follows to the
     * other controllers (their leases handed over at once) and returns.
     *
     * @throws InvalidInputException when the state is the home's own file, which no other machine sees
     */
    public void serve() throws InterruptedException {
        StateStore state = session.state();
        if (!state.shared()) {
            throw new InvalidInputException("skyrun controller continues the runs of a shared state: set SKYRUN_STATE"
                    + " to a postgresql://USER:PASSWORD@HOST:PORT/DATABASE URL");
        }
        long poll = Math.max(100, Math.min(1000, terms.term().toMillis() / 3));
        long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
        while (!stopping) {
            int room = Math.min(CLAIM_BATCH, maxRuns - following.size());
            if (room > 0) {
                state.leases().claimLapsed(terms.owner(), terms.term(), room).forEach(this::adopt);
            }
            if (System.nanoTime() > nextReport) {
                report();
                nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            }
            Thread.sleep(poll);
        }
        following.values().forEach(RunController::abandon);
        for (Thread t : List.copyOf(threads.values())) {
            t.join(STOP_WAIT.toMillis());
        }
        report();
    }

    /** Says how many runs it follows and how long this process's state writes took. */
    private void report() {
        say.accept("following " + following.size() + " run(s); state " + StateStore.writeLatency().summary());
    }

    /** Asks {@link #serve} to return, leaving its runs to the other controllers. */
    public void stop() {
        stopping = true;
    }

    /** How many runs it follows now. */
    public int following() {
        return following.size();
    }

    private void adopt(String runId) {
        RunController c = new RunController(session.state(), session.clouds(), planner, Duration.ZERO, terms);
        following.put(runId, c);
        Thread t = Thread.ofVirtual().name("skyrun-adopt-" + runId).unstarted(() -> {
            try {
                say.accept("adopted " + runId);
                RunOutcome o = c.resume(runId, Map.of(), env, listener);
                if (stopping && !o.status().terminal()) {
                    session.state().leases().handOver(runId, terms.owner());
                }
                say.accept(runId + " " + o.status() + (o.reason().isEmpty() ? "" : ": " + o.reason()));
            } catch (Exception e) {
                say.accept(runId + " not continued: " + Optional.ofNullable(e.getMessage()).orElse(e.toString())
                        + " (its lease lapses; a controller tries again)");
            } finally {
                following.remove(runId);
                threads.remove(runId);
            }
        });
        threads.put(runId, t);
        t.start();
    }
}

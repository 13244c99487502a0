package dev.skyrun.run;

import dev.skyrun.state.StateStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews a controller's lease on one run of a shared state every third of its term, while the
 * controller follows the run. When the lease is lost (it lapsed and another controller claimed the
 * run) or cannot be renewed before it lapses, {@code lost} is called once: the controller then
 * stops following the run and touches nothing of it.
 */
final class LeaseKeeper implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private LeaseKeeper(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts renewing {@code owner}'s lease on {@code runId}. */
    static LeaseKeeper start(StateStore state, String runId, LeaseTerms terms, Runnable lost) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "skyrun-lease-" + runId);
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, terms.term().toMillis() / 3);
        long[] renewed = {System.currentTimeMillis()};
        timer.scheduleWithFixedDelay(() -> {
            boolean held;
            try {
                held = state.leases().renew(runId, terms.owner(), terms.term());
                renewed[0] = System.currentTimeMillis();
            } catch (RuntimeException e) {
                held = System.currentTimeMillis() - renewed[0] < terms.term().toMillis();
            }
            if (!held) {
                lost.run();
                timer.shutdown();
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return new LeaseKeeper(timer);
    }

    /** Stops renewing (the lease then lapses unless the caller releases or hands it over). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whose leases a controller takes, and for how long each renewal holds.
     *
     * @param owner the controller, as other controllers and {@code status} see it
     *     ({@code launch 4711@host-a/3f2a})
     * @param term how long a lease holds unless renewed
     */
    record LeaseTerms(String owner, Duration term) {

        /** The default term: a killed controller's runs are adopted within about this long. */
        static final Duration DEFAULT_TERM = Duration.ofSeconds(15);

        /**
         * Whether {@code lease} still binds at {@code now}: held, and not by a process of this host
         * that is gone (a launch killed here: its lease needs no waiting out, as resume and status
         * on this host can see).
         */
        static boolean binds(dev.skyrun.state.Leases.Lease lease, java.time.Instant now) {
            if (!lease.heldAt(now)) {
                return false;
            }
            java.util.regex.Matcher m = OWNER.matcher(lease.owner());
            return !(m.matches() && m.group(2).equals(dev.skyrun.state.Actor.of(System.getenv()).host())
                    && ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true));
        }

        /** {@code ROLE PID@HOST/SUFFIX}, as {@link #of} makes it. */
        private static final java.util.regex.Pattern OWNER = java.util.regex.Pattern.compile("\\w+ (\\d+)@(.+)/\\w+");

        /** Terms for a {@code role} ({@code launch}, {@code controller}) of this process. */
        static LeaseTerms of(String role, Duration term) {
            return new LeaseTerms(role + " " + ProcessHandle.current().pid() + "@" + dev.skyrun.state.Actor.of(
                    System.getenv()).host() + "/" + java.util.UUID.randomUUID().toString().substring(0, 4),
                    term);
        }
    }
}

package dev.skyrun.run;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CrashPoints;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.recovery.Ending;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.Intent;
import dev.skyrun.state.LedgerEntry;
import dev.skyrun.state.RunStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Runs one attempt: records it, provisions its cluster, starts the job, then watches it to its
 * ending. Every side effect is preceded by a committed intent row.
 */
final class AttemptRunner {

    /** How often a checkpoint mount is uploaded while the job runs. */
    static final java.time.Duration CHECKPOINT_SYNC = java.time.Duration.ofSeconds(30);

    /**
     * How often a watched job's run is read for a cancel request: once a second, not at every
     * look at the nodes (4 a second), since a controller follows hundreds of runs over one
     * connection to a shared state. An interrupt (in memory) is still seen at every look.
     */
    private static final long CANCEL_CHECK_NANOS = java.time.Duration.ofSeconds(1).toNanos();
    /** The pause between reads of a job's state while it cannot be read. */
    private static final java.time.Duration UNREADABLE_PAUSE = java.time.Duration.ofSeconds(1);

    private final RunContext ctx;
    private final BooleanSupplier interrupted;
    private final java.util.function.Function<Placement, PriceQuote> quotes;
    private final BudgetGuard budget;

    AttemptRunner(RunContext ctx, BooleanSupplier interrupted, java.util.function.Function<Placement, PriceQuote> quotes,
            BudgetGuard budget) {
        this.ctx = ctx;
        this.interrupted = interrupted;
        this.quotes = quotes;
        this.budget = budget;
    }

    /** The cluster of the running attempt, once provisioned. */
    private volatile Cluster cluster;

    Optional<Cluster> cluster() {
        return Optional.ofNullable(cluster);
    }

    /**
     * Provisions and starts attempt {@code number} (in a zone not in {@code avoidZones}, where
     * the plug-in picks it); empty when it started, else how it ended already.
     */
    Optional<Ending> start(int number, Placement placement, Set<String> avoidZones) throws IOException {
        cluster = null;
        String clusterName = ctx.runId() + "-" + number;
        ctx.state().runs().insertAttempt(new AttemptRecord(ctx.runId(), number, placement.cloud(), placement.infra(),
                clusterName, RunStatus.PROVISIONING, Instant.now(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()));
        ctx.events().emit(EventKind.ATTEMPT_STARTED, number, "attempt " + number + " on " + placement.infra()
                + " (" + placement.instanceType() + ")");
        Optional<Ending> stopped = stopRequested(true);
        if (stopped.isPresent()) {
            return stopped;
        }
        Intent provision = ctx.state().intend(ctx.runId(), Optional.of(number), "provision", clusterName);
        CrashPoints.hit(CrashPoints.BEFORE_CREATE);
        Optional<Ending> failed = provision(number, placement, clusterName, provision, avoidZones);
        if (failed.isPresent()) {
            return failed;
        }
        stopped = stopRequested(true);
        if (stopped.isPresent()) {
            return stopped;
        }
        return submit(number, placement);
    }

    /**
     * Takes over attempt {@code a} after its controller died: its cluster (provisioned again
     * under the same intent token when the crash came first, which adopts what exists) and its
     * job (started only where it had not started).
     */
    Optional<Ending> adopt(AttemptRecord a, Placement placement) throws IOException {
        cluster = a.clusterJson().map(Json::cluster).orElse(null);
        if (cluster == null) {
            Intent provision = ctx.state().intents(ctx.runId()).stream()
                    .filter(i -> i.action().equals("provision") && i.attempt().equals(Optional.of(a.number())))
                    .reduce((x, y) -> y)
                    .orElseGet(() -> ctx.state().intend(ctx.runId(), Optional.of(a.number()), "provision", a.clusterName()));
            Optional<Ending> failed = provision(a.number(), placement, a.clusterName(), provision, Set.of());
            if (failed.isPresent()) {
                return failed;
            }
        }
        ctx.events().emit(EventKind.PROVISIONED, a.number(), "adopted cluster " + a.clusterName());
        return submit(a.number(), placement);
    }

    private Optional<Ending> provision(int number, Placement placement, String clusterName, Intent provision,
            Set<String> avoidZones) {
        try {
            Cloud cloud = ctx.clouds().open(placement.cloud());
            cloud.imageDigest(Jobs.image(ctx.request().task(), placement)); // a missing image ends here, before any node
            ctx.events().emit(EventKind.PROVISIONING, number, "provisioning " + placement.nodes() + " node(s) on "
                    + placement.infra());
            openBilling(number, placement);
            cluster = cloud.provision(placement, new ClusterRequest(ctx.runId(), clusterName, provision.token(),
                    userLabels().with(Labels.RUN, ctx.runId()).with(Labels.HOME, ctx.state().home().id()),
                    ctx.request().task().resources().diskSize().orElse(0)).avoiding(avoidZones));
        } catch (CapacityException e) {
            return Optional.of(refused(number, Ending.NoCapacity.of(e)));
        } catch (CloudException e) {
            return Optional.of(refused(number, Ending.NoCapacity.of(e)));
        }
        ctx.state().done(provision);
        ctx.state().runs().attemptCluster(ctx.runId(), number, Json.of(cluster));
        ctx.events().emit(EventKind.PROVISIONED, number, "cluster " + clusterName + " ready");
        CrashPoints.hit(CrashPoints.AFTER_PROVISION);
        return Optional.empty();
    }

    /** Starts billing the attempt's nodes at the price it launches at, as their provisioning starts. */
    private void openBilling(int number, Placement placement) {
        PriceQuote q = quotes.apply(placement);
        ctx.state().ledger().open(new LedgerEntry(ctx.runId(), number, placement.nodes(), q.pricePerNode(), q.source(),
                q.at(), Instant.now(), Optional.empty()));
    }

    /** A refused provision made no node: nothing of it is billed. */
    private Ending refused(int number, Ending.NoCapacity ending) {
        ctx.state().ledger().entries(ctx.runId()).stream().filter(e -> e.attempt() == number).findFirst()
                .ifPresent(e -> ctx.state().ledger().close(ctx.runId(), number, e.billedFrom()));
        return ending;
    }

    /** The task's {@code resources.labels}: put on everything the launch creates, beside skyrun's own (which win). */
    private Labels userLabels() {
        Labels out = new Labels(java.util.Map.of());
        for (java.util.Map.Entry<String, String> e : ctx.request().task().resources().labels().entrySet()) {
            if (!e.getKey().startsWith("skyrun-")) {
                out = out.with(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private Optional<Ending> submit(int number, Placement placement) throws IOException {
        Cloud cloud = ctx.clouds().open(cluster.cloud());
        JobSpec job = Jobs.of(ctx.request(), ctx.runId(), ctx.taskId(), number, placement,
                ctx.mounts().prepare(ctx.request(), Jobs.checkpointDir(ctx.request()), number, placement.cloud().equals("local")),
                ctx.mounts().workdir(ctx.request()));
        Intent submit = ctx.state().intend(ctx.runId(), Optional.of(number), "submit", cluster.name());
        try {
            cloud.submit(cluster, job, ctx.request().secrets());
        } catch (CapacityException e) {
            return Optional.of(Ending.NoCapacity.of(e));
        } catch (CloudException e) {
            return Optional.of(Ending.NoCapacity.of(e));
        }
        ctx.state().done(submit);
        List<String> nodes = cluster.nodeIds();
        for (int rank = 0; rank < nodes.size(); rank++) {
            ctx.state().node(ctx.runId(), number, rank, nodes.get(rank), Optional.empty());
        }
        ctx.state().runs().attemptStatus(ctx.runId(), number, RunStatus.RUNNING, Optional.empty(), Optional.empty());
        ctx.state().runs().status(ctx.runId(), RunStatus.RUNNING, Optional.empty(), Optional.empty());
        ctx.events().emit(EventKind.SUBMITTED, number, "job started on " + nodes.size() + " node(s): "
                + String.join(", ", nodes));
        return Optional.empty();
    }

    /** Watches the started attempt until it ends. */
    Ending watch(int number) throws IOException, InterruptedException {
        Cloud cloud = ctx.clouds().open(cluster.cloud());
        LogPump logs = LogPump.start(cloud, cluster, ctx.events(), number, ctx.listener());
        NodeState s = new NodeState.Pending("submitted");
        long nextCheckpoint = System.nanoTime() + CHECKPOINT_SYNC.toNanos();
        long nextCancelCheck = System.nanoTime();
        Optional<Instant> unreadableSince = Optional.empty();
        try {
            while (true) {
                boolean readCancel = System.nanoTime() >= nextCancelCheck;
                if (readCancel) {
                    nextCancelCheck = System.nanoTime() + CANCEL_CHECK_NANOS;
                }
                Optional<Ending> stop = stopRequested(readCancel).or(() -> budget.exceeded(Instant.now(),
                        cluster.placement().pricePerHour()).map(Ending.BudgetExceeded::new));
                if (stop.isPresent()) {
                    return stop.get();
                }
                try {
                    s = cloud.awaitChange(cluster, s, java.time.Duration.ofMillis(250));
                    unreadableSince = Optional.empty();
                } catch (CloudException e) {
                    if (unreadableSince.isEmpty()) {
                        unreadableSince = Optional.of(Instant.now());
                        ctx.events().emit(EventKind.STATUS_UNREADABLE, number, "cannot read the job's state: " + e.getMessage()
                                + "; still watching (the nodes count as lost after " + cloud.unreadableLimit().toSeconds()
                                + " s of this)");
                    }
                    long seconds = java.time.Duration.between(unreadableSince.get(), Instant.now()).toSeconds();
                    if (seconds < cloud.unreadableLimit().toSeconds()) {
                        Thread.sleep(UNREADABLE_PAUSE.toMillis());
                        continue;
                    }
                    s = new NodeState.Lost("the job's state unreadable for " + seconds + " s: " + e.getMessage());
                }
                Optional<Ending> ended = Endings.of(s);
                if (ended.isPresent()) {
                    logs.finish();
                    return stopRequested(true).orElse(ended.get());
                }
                if (System.nanoTime() > nextCheckpoint && ctx.mounts().hasCheckpointStore()) {
                    ctx.mounts().upload(number, true);
                    nextCheckpoint = System.nanoTime() + CHECKPOINT_SYNC.toNanos();
                }
            }
        } finally {
            logs.stop();
        }
    }

    /** An interrupt or, when {@code readCancel}, a cancel request recorded in the state, as an ending. */
    private Optional<Ending> stopRequested(boolean readCancel) {
        if (interrupted.getAsBoolean()) {
            return Optional.of(new Ending.Interrupted("interrupted; stopped what this launch started"));
        }
        if (readCancel && ctx.state().runs().cancelRequested(ctx.runId())) {
            return Optional.of(new Ending.Cancelled("cancelled by skyrun cancel"));
        }
        return Optional.empty();
    }
}

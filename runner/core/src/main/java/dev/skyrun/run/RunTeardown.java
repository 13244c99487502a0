package dev.skyrun.run;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Leftover;
import dev.skyrun.cloud.Teardown;
import dev.skyrun.cloud.TeardownReport;
import dev.skyrun.state.AttemptRecord;
import dev.skyrun.state.RunRecord;
import dev.skyrun.state.RunStatus;
import dev.skyrun.state.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A run's teardown, recorded: the row turns TERMINATING before anything is touched, every cloud
 * the run used takes down what carries its label through {@link Teardown} (compute first,
 * verified, then auxiliaries), the run's FUSE mounts on this machine are flushed and unmounted,
 * the buckets it created for named stores that are not persistent are deleted ({@link NamedStores}),
 * and the row records what is left. It shows how the run ended only
 * once its compute is verified terminated; until then the next {@code skyrun down} retries.
 */
final class RunTeardown {

    private final StateStore state;
    private final CloudRegistry clouds;

    RunTeardown(StateStore state, CloudRegistry clouds) {
        this.state = state;
        this.clouds = clouds;
    }

    /**
     * Takes down everything labelled with the run on every cloud its attempts name (the local
     * engine when none), starting with the compute its attempts recorded. Works without a state row.
     *
     * @param endsAs the status a run still going shows once the compute is verified terminated (one that
     *     ended keeps how it ended; one already TERMINATING the status it was to end with)
     */
    TeardownReport run(String runId, RunStatus endsAs) {
        Optional<RunRecord> row = state.runs().find(runId).filter(r -> r.id().equals(runId));
        boolean recorded = row.isPresent();
        row.ifPresent(r -> state.runs().teardownStarted(runId, r.status().terminal() ? r.status() : endsAs));
        TeardownReport report = TeardownReport.empty();
        Labels labels = Labels.run(runId);
        for (String name : cloudsOf(runId)) {
            List<Cluster> clusters = clustersOn(name, runId);
            report = report.plus(withCloud(name, "everything labelled " + labels.values(), cloud -> {
                List<CloudResource> known = new ArrayList<>();
                clusters.forEach(c -> known.addAll(cloud.compute(c)));
                return Teardown.of(cloud).run(labels, known);
            }));
        }
        if (report.computeGone()) {
            state.ledger().closeAll(runId, java.time.Instant.now());
        }
        report = report.plus(unmount(runId));
        if (report.computeGone()) {
            row.ifPresent(r -> NamedStores.recordUnrecorded(runId, r.jobJson(), state, clouds));
            report = report.plus(NamedStores.release(runId, state, clouds));
        }
        if (recorded) {
            state.runs().teardownDone(runId, leftBehind(report), report.computeGone());
            state.event(runId, Optional.empty(), EventKind.TERMINATED.name(), report.complete()
                    ? "removed " + report.removed().size() + " resources"
                    : "taken down in part; left: " + report.describeLeft() + "; skyrun down " + runId + " retries");
        }
        return report;
    }

    /** Flushes and unmounts the run's FUSE mounts on this machine (a killed launch leaves them); what stays is left. */
    private TeardownReport unmount(String runId) {
        List<Leftover> left = new ArrayList<>();
        try {
            FuseMounts.release(state.home(), runId).forEach(p -> left.add(new Leftover("local", "FUSE mount", p, false)));
        } catch (java.io.IOException e) {
            left.add(new Leftover("local", "FUSE mounts of the run", e.getMessage(), false));
        }
        return new TeardownReport(List.of(), left);
    }

    /** Takes down one cluster of a run (an attempt's end); the caller records what is left. */
    TeardownReport cluster(Cluster cluster) {
        return withCloud(cluster.cloud(), "cluster " + cluster.name(),
                cloud -> Teardown.of(cloud).run(cloud.labels(cluster), cloud.compute(cluster)));
    }

    /** What {@code report} left, as the row's {@code left} column says it. */
    static Optional<String> leftBehind(TeardownReport report) {
        return report.complete() ? Optional.empty() : Optional.of(report.describeLeft());
    }

    /** The teardown on one cloud; a cloud that cannot even open (credentials) leaves {@code what}. */
    private TeardownReport withCloud(String name, String what, Function<Cloud, TeardownReport> teardown) {
        Cloud cloud;
        try {
            cloud = clouds.open(name);
        } catch (CloudException e) {
            return new TeardownReport(List.of(), List.of(new Leftover(name, what, e.getMessage(), true)));
        }
        return teardown.apply(cloud);
    }

    /**
     * Every cloud with a plug-in that the run's attempts or their recorded clusters name (a cluster may
     * belong to another cloud than its placement's, as a test cloud's local containers do); the local engine for a run with no
     * attempt recorded (or no row). A cloud the run never used is not opened, so a machine without
     * Docker takes down its AWS runs.
     */
    private List<String> cloudsOf(String runId) {
        Set<String> names = new LinkedHashSet<>();
        for (AttemptRecord a : state.runs().attempts(runId)) {
            names.add(a.cloud());
            a.clusterJson().ifPresent(json -> names.add(Json.cluster(json).cloud()));
        }
        if (names.isEmpty()) {
            names.add("local");
        }
        return names.stream().filter(n -> clouds.provider(n).isPresent()).toList();
    }

    private List<Cluster> clustersOn(String cloud, String runId) {
        List<Cluster> out = new ArrayList<>();
        for (AttemptRecord a : state.runs().attempts(runId)) {
            a.clusterJson().map(Json::cluster).filter(c -> c.cloud().equals(cloud)).ifPresent(out::add);
        }
        return out;
    }
}

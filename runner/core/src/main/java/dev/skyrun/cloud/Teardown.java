package dev.skyrun.cloud;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes down what one cloud holds for some labels, in the order every plug-in follows: terminate
 * the compute (what bills: instances, VMs, TPU nodes, managed jobs), verify that the provider
 * shows it terminated (bounded by the cloud's {@link TeardownPace}), and only then remove the
 * auxiliaries one kind at a time (disks, groups, secrets). A failing step is named in the
 * {@link TeardownReport} and the next step still runs; a failure to list or remove an auxiliary
 * never stops the compute from being terminated. While compute is not verified terminated, the
 * auxiliaries wait (they are in use) and are reported as left.
 *
 * <pre>{@code
 * TeardownReport r = Teardown.of(cloud).run(Labels.run(runId), cloud.compute(cluster));
 * if (!r.complete()) { ... r.describeLeft() ... }
 * }</pre>
 */
public final class Teardown {

    private final Cloud cloud;
    private final TeardownPace pace;

    private Teardown(Cloud cloud, TeardownPace pace) {
        this.cloud = cloud;
        this.pace = pace;
    }

    /** A teardown on {@code cloud} at its own pace. */
    public static Teardown of(Cloud cloud) {
        return new Teardown(cloud, cloud.teardownPace());
    }

    /**
     * Removes everything carrying {@code labels}, starting with {@code known} compute (ids recorded
     * in state, terminated even when listing by label fails) and the compute the labels find.
     */
    public TeardownReport run(Labels labels, List<CloudResource> known) {
        List<Leftover> left = new ArrayList<>();
        Map<String, CloudResource> compute = new LinkedHashMap<>();
        known.forEach(r -> compute.put(r.kind() + " " + r.id(), r));
        boolean listed = true;
        try {
            cloud.findCompute(labels).forEach(r -> compute.putIfAbsent(r.kind() + " " + r.id(), r));
        } catch (CloudException e) {
            listed = false;
            left.add(new Leftover(cloud.name(), "compute labelled " + labels.values(), e.getMessage(), true));
        }
        List<CloudResource> all = List.copyOf(compute.values());
        String refused = "";
        try {
            if (!all.isEmpty()) {
                cloud.terminateCompute(all);
            }
        } catch (CloudException e) {
            refused = "; the terminate request failed: " + e.getMessage(); // verification says what stayed
        }
        Verification v = verify(all);
        for (CloudResource r : v.live()) {
            left.add(new Leftover(cloud.name(), r.kind() + " " + r.id(), v.why() + refused, true));
        }
        List<CloudResource> removed = new ArrayList<>(all);
        removed.removeAll(v.live());
        if (listed && v.live().isEmpty()) {
            auxiliaries(labels, removed, left);
        } else if (!cloud.auxiliaryKinds().isEmpty()) {
            left.add(new Leftover(cloud.name(), String.join(", ", cloud.auxiliaryKinds()) + " labelled " + labels.values(),
                    "kept until the compute is verified terminated", false));
        }
        return new TeardownReport(removed, left);
    }

    /** Removes the auxiliaries kind by kind; a kind that cannot be listed, or one that cannot be removed, is left. */
    private void auxiliaries(Labels labels, List<CloudResource> removed, List<Leftover> left) {
        for (String kind : cloud.auxiliaryKinds()) {
            List<CloudResource> found;
            try {
                found = cloud.findAuxiliary(kind, labels);
            } catch (CloudException e) {
                left.add(new Leftover(cloud.name(), kind + " labelled " + labels.values(), e.getMessage(), false));
                continue;
            }
            for (CloudResource r : found) {
                try {
                    cloud.remove(r);
                    removed.add(r);
                } catch (CloudException e) {
                    left.add(new Leftover(cloud.name(), kind + " " + r.id(), e.getMessage(), false));
                }
            }
        }
    }

    /** What a verification saw last: the compute still live, and why. */
    private record Verification(List<CloudResource> live, String why) {}

    /** Asks until the provider shows every resource terminated, or the pace's timeout passed. */
    private Verification verify(List<CloudResource> compute) {
        long deadline = System.nanoTime() + pace.timeout().toNanos();
        List<CloudResource> live = compute;
        String why = "";
        while (!live.isEmpty()) {
            try {
                live = cloud.liveCompute(live);
                why = "not terminated after " + pace.timeout().toSeconds() + " s";
            } catch (CloudException e) {
                why = "cannot confirm it terminated: " + e.getMessage();
            }
            if (live.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(pace.poll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Verification(live, "interrupted while waiting for it to terminate");
            }
        }
        return new Verification(live, why);
    }
}

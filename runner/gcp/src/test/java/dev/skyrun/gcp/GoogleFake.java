package dev.skyrun.gcp;

import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.Player;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Cloud on loopback for tests outside this module (the CLI's): one fake server answering as
 * Compute Engine, TPU, GCS and Secret Manager, the environment that points the {@code gcp} plug-in
 * at it, and a player for its VMs.
 */
public final class GoogleFake implements AutoCloseable {

    /** The project the fakes answer for. */
    public static final String PROJECT = "acme-ml";
    /** The run-status bucket. */
    public static final String BUCKET = "acme-runs";

    private static final Pattern JOB = Pattern.compile("skyrun/([^/]+)/([^/]+)/job\\.sh");

    /** What a test's VM does once its cluster's job script is in GCS (after its first heartbeat). */
    @FunctionalInterface
    public interface Vm {
        /**
         * @param fake the fake, to write the node's objects or preempt its VM
         * @param prefix the cluster's status prefix in the bucket ({@code skyrun/RUN/CLUSTER/})
         */
        void onJob(GoogleFake fake, String prefix) throws Exception;
    }

    private final FakeHttpServer http = FakeHttpServer.start();
    private final FakeCompute compute = new FakeCompute(http);
    private final FakeGcs gcs = new FakeGcs(http);

    public GoogleFake() {
        new FakeTpu(http);
        new FakeSecretManager(http);
    }

    public URI uri() {
        return http.uri();
    }

    /** The environment of a skyrun process using the fake as {@code gcp}. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SKYRUN_GCP_ENDPOINT", http.uri().toString());
        env.put("SKYRUN_GCP_PROJECT", PROJECT);
        env.put("SKYRUN_GCP_BUCKET", BUCKET);
        env.put("SKYRUN_GCP_POLL_MS", "50");
        return env;
    }

    /** Writes an object of the run-status bucket. */
    public void put(String name, String content) {
        gcs.put(BUCKET, name, content);
    }

    /** An object of the run-status bucket, or null. */
    public String get(String name) {
        return gcs.get(BUCKET, name);
    }

    /** The VMs that exist, as {@code zone/name}. */
    public Set<String> vms() {
        return Set.copyOf(compute.instances.keySet());
    }

    /** The zones instances were inserted in, in order. */
    public List<String> insertZones() {
        return http.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/instances"))
                .map(r -> r.path().replaceAll(".*/zones/([^/]+)/instances", "$1")).toList();
    }

    /** Compute Engine preempts every spot VM of a cluster (its status prefix names it). */
    public void preemptCluster(String prefix) {
        String cluster = prefix.replaceAll("/$", "").replaceAll(".*/", "");
        for (String key : compute.instances.keySet()) {
            String zone = key.substring(0, key.indexOf('/'));
            String name = key.substring(key.indexOf('/') + 1);
            if (name.contains(cluster)) {
                compute.preempt(zone, name);
            }
        }
    }

    /** Plays the VMs: a heartbeat for each cluster with a job script, then what {@code vm} does. */
    public Thread play(Vm vm) {
        Set<String> handled = new HashSet<>();
        return Player.start(() -> {
            for (String key : gcs.under(BUCKET, "skyrun/").keySet()) {
                Matcher m = JOB.matcher(key);
                if (!m.matches() || !handled.add(m.group(2))) {
                    continue;
                }
                String prefix = "skyrun/" + m.group(1) + "/" + m.group(2) + "/";
                gcs.put(BUCKET, prefix + "node-0/heartbeat", Long.toString(Instant.now().getEpochSecond()));
                vm.onJob(this, prefix);
            }
        });
    }

    @Override
    public void close() {
        http.close();
    }
}

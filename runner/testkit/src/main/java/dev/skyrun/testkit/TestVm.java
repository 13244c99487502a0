package dev.skyrun.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.spec.FileMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A stand-in VM for the bootstrap ITs: a container of {@link Docker#VM_IMAGE} that runs a
 * rendered startup script with host networking (so the loopback fakes are reachable) and the
 * Docker socket mounted (so the job container starts on the real engine). It carries the label
 * {@code skyrun-run=RUN}, as the job containers do, so a test removes both by that label.
 *
 * <pre>{@code
 * TestVm vm = TestVm.start(run, tmp, startupScript);
 * NodeState end = vm.awaitEnd(cloud, cluster, seen, Duration.ofSeconds(60), () -> nodeLog());
 * }</pre>
 *
 * @param name the container's name
 * @param runId the run id of its label
 */
public record TestVm(String name, String runId) {

    /**
     * The bootstrap ITs' job: setup echoes {@code setting-up}, {@code GREETING} is {@code hello 'world'},
     * {@code SCHEME://data/in} is read-only at {@code /data} and {@code SCHEME://data/out} writable at {@code /out}.
     */
    public static JobSpec mountedJob(String runId, String scheme, String command, String secretName) {
        return new JobSpec(runId, "task-1", 1, Docker.JOB_IMAGE, Optional.of("echo setting-up"), command,
                Map.of("GREETING", "hello 'world'"), List.of(secretName),
                List.of(new JobSpec.Mount("/data", scheme + "://data/in", true), new JobSpec.Mount("/out", scheme + "://data/out", false)),
                1, 0, 0, 0, "/checkpoints");
    }

    /**
     * The bootstrap ITs' succeeding {@link #mountedJob}: it prints the two mounted files
     * ({@code alpha}, {@code beta}), its rank, node count and greeting, writes the md5 of the secret
     * {@code HF_TOKEN} to {@code /out/token.md5} and a copy of {@code /data/a.txt} to {@code /out/copy.txt}.
     */
    public static JobSpec mountedJob(String runId, String scheme) {
        return mountedJob(runId, scheme,
                "cat /data/a.txt /data/sub/b.txt; echo \"rank=$SKYRUN_NODE_RANK nodes=$SKYPILOT_NUM_NODES greeting=$GREETING\";"
                        + " printf '%s' \"$HF_TOKEN\" | md5sum > /out/token.md5; cat /data/a.txt > /out/copy.txt; sleep 2",
                "HF_TOKEN");
    }

    /** What the FUSE ITs' stream holds: {@code stream/small.txt} (this text) and an 8 MiB {@code stream/shard.bin} no read should fetch. */
    public static final String STREAMED_TEXT = "streamed on the node\n";

    /** A store's put of a key (below the bucket) and its bytes. */
    @FunctionalInterface
    public interface Put {
        void put(String key, byte[] bytes) throws IOException;
    }

    /** Puts the FUSE ITs' inputs ({@code stream/small.txt}, {@code stream/shard.bin}) with a store's put. */
    public static void putFuseInputs(Put put) throws IOException {
        put.put("stream/small.txt", STREAMED_TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        put.put("stream/shard.bin", new byte[8 << 20]);
    }

    /**
     * The FUSE ITs' job: {@code SCHEME://BUCKET/stream} streamed ({@code MOUNT}) at {@code /data},
     * of which it prints {@code small.txt} and the number of entries, and
     * {@code SCHEME://BUCKET/ckpt-RUN} cached ({@code MOUNT_CACHED}) at {@code /ckpt}, the checkpoint
     * directory, where it writes a 12 MiB {@code model.bin} and {@code step} (7).
     */
    public static JobSpec fuseJob(String runId, String scheme, String bucket) {
        String uri = scheme + "://" + bucket;
        return new JobSpec(runId, "task-1", 1, Docker.JOB_IMAGE, Optional.empty(),
                "cat /data/small.txt; ls /data | wc -l; grep -c fuse /proc/mounts;"
                        + " dd if=/dev/zero of=/ckpt/model.bin bs=1M count=12 2>/dev/null; echo 7 > /ckpt/step; echo wrote",
                Map.of(), List.of(), List.of(new JobSpec.Mount("/data", uri + "/stream", true, FileMount.MountMode.MOUNT),
                        new JobSpec.Mount("/ckpt", uri + "/ckpt-" + runId, false, FileMount.MountMode.MOUNT_CACHED)),
                1, 0, 0, 0, "/ckpt");
    }

    /**
     * Asserts what a node that ran {@link #fuseJob} logged (both mounts, the streamed file and the
     * stream's two entries) and that no FUSE mount is left under {@code dir}.
     */
    public static void assertFuseJobRan(String log, JobSpec job, Path dir) {
        assertThat(log).contains("mounted " + job.mounts().get(0).source() + " at /data (MOUNT)")
                .contains("mounted " + job.mounts().get(1).source() + " at /ckpt (MOUNT_CACHED)")
                .contains(STREAMED_TEXT + "2\n").contains("wrote");
        try {
            assertThat(Files.readString(Path.of("/proc/mounts"))).as("FUSE mounts left").doesNotContain(dir + "/work");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the logs of a cluster that ran {@link #mountedJob(String, String)} through
     * {@link Cloud#logs} and asserts they show its setup, both mounted files, its environment and
     * exit code 0; returns the lines read.
     */
    public static List<LogLine> assertMountedJobLogs(Cloud cloud, Cluster cluster) {
        List<LogLine> lines = new ArrayList<>();
        cloud.logs(cluster, LogQuery.all(), lines::add);
        assertThat(lines).extracting(LogLine::text).contains("setting-up", "alpha", "beta",
                "rank=0 nodes=1 greeting=hello 'world'", "skyrun: job exited 0");
        return lines;
    }

    /**
     * Writes {@code script} under {@code dir} and runs it with {@code sh} in a new VM container.
     * The script sees {@code dir} at the same path, {@code SKYRUN_WORK_ROOT=dir/work} and
     * {@code SKYRUN_KEEP_NODE=1} (no power-off at the end).
     */
    public static TestVm start(String runId, Path dir, String script) {
        return start(runId, dir, script, List.of("-v", dir + ":" + dir));
    }

    /**
     * As {@link #start}, on a VM that can mount with FUSE ({@code /dev/fuse}, {@code CAP_SYS_ADMIN}):
     * {@code dir} becomes a shared mount of this machine, bound {@code rshared}, so that a FUSE mount
     * the script makes under it reaches the engine, which binds it into the job's container as a
     * VM's own engine would. {@link #unshare} undoes it.
     */
    public static TestVm startWithFuse(String runId, Path dir, String script) {
        mountCommand("mount", "--bind", dir.toString(), dir.toString());
        mountCommand("mount", "--make-shared", dir.toString());
        return start(runId, dir, script, List.of("--device", "/dev/fuse", "--cap-add", "SYS_ADMIN", "--security-opt",
                "apparmor=unconfined", "-v", dir + ":" + dir + ":rshared"));
    }

    /**
     * Lazily unmounts whatever is mounted under {@code dir} (a killed VM's FUSE mounts), then the
     * shared bind of {@code dir} that {@link #startWithFuse} made; nothing when {@code dir} is no mount.
     */
    public static void unshare(Path dir) {
        List<String> below = new java.util.ArrayList<>();
        boolean shared = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String point = line.split(" ")[1].replace("\\040", " ");
                shared |= point.equals(dir.toString());
                if (point.startsWith(dir + "/")) {
                    below.add(point);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        below.sort(java.util.Comparator.reverseOrder());
        below.forEach(p -> mountCommand("umount", "-l", p));
        if (shared) {
            mountCommand("umount", "-l", dir.toString());
        }
    }

    private static void mountCommand(String... command) {
        Docker.Result r = Docker.run(List.of(command));
        if (r.code() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output());
        }
    }

    private static TestVm start(String runId, Path dir, String script, List<String> access) {
        Docker.vmImages();
        Path file = dir.resolve("startup-script.sh");
        try {
            Files.writeString(file, script);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = "skyrun-test-vm-" + runId;
        List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--name", name, "--label", "skyrun-run=" + runId,
                "--network", "host", "-v", "/var/run/docker.sock:/var/run/docker.sock"));
        args.addAll(access);
        args.addAll(List.of("-e", "SKYRUN_WORK_ROOT=" + dir.resolve("work"), "-e", "SKYRUN_KEEP_NODE=1",
                Docker.VM_IMAGE, "sh", file.toString()));
        Docker.Result r = Docker.docker(args.toArray(String[]::new));
        if (r.code() != 0) {
            throw new IllegalStateException("cannot start the test VM: " + r.output());
        }
        return new TestVm(name, runId);
    }

    /**
     * Polls {@code cloud.state} until the job succeeded, failed or was preempted, recording every
     * earlier state in {@code seen}. After {@code max} it fails with the VM's output, the node
     * log {@code nodeLog} gives and the run's containers.
     */
    public NodeState awaitEnd(Cloud cloud, Cluster cluster, List<NodeState> seen, Duration max, Supplier<String> nodeLog)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        NodeState state = cloud.state(cluster);
        while (!(state instanceof NodeState.Failed || state instanceof NodeState.Succeeded || state instanceof NodeState.Preempted)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no end after " + max.toSeconds() + " s; last " + state + "; VM output:\n"
                        + Docker.docker("logs", name).output() + "\nnode log:\n" + nodeLog.get() + "\ncontainers:\n"
                        + Docker.docker("ps", "-a", "--filter", "label=skyrun-run=" + runId).output());
            }
            seen.add(state);
            Thread.sleep(200);
            state = cloud.state(cluster);
        }
        return state;
    }
}

package dev.skyrun.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.run.LaunchRequest;
import dev.skyrun.run.RunOutcome;
import dev.skyrun.spec.FileMount;
import dev.skyrun.spec.SpecLoader;
import dev.skyrun.spec.TaskSpec;
import dev.skyrun.state.RunStatus;
import dev.skyrun.storage.StoreCopy;
import dev.skyrun.testkit.Docker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LaunchIT extends HarnessTest {

    /** A value a shell would mangle in every way it can. */
    static final String NASTY = "it's \"quoted\" $(echo injected) `id` ${HOME}\nsecond line\n\ttabbed \\ end";

    @BeforeEach
    void open() throws Exception {
        h = new Harness(tmp);
    }

    @Test
    void stdoutArrivesLiveAndThroughLogsAndExitZeroSucceeds() throws Exception {
        RunOutcome out = h.launch(LaunchRequest.of(Tasks.task("hello", "echo hello from skyrun; echo second >&2")));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(out.exitCode()).contains(0);
        assertThat(h.stdout(0)).containsExactly("hello from skyrun");
        assertThat(h.eventKinds()).contains("PROVISIONED", "SUBMITTED", "RUN_STARTED", "ATTEMPT_ENDED", "RUN_ENDED");
        List<LogLine> later = new ArrayList<>();
        h.actions.logs(h.actions.find(out.runId()), LogQuery.all(), later::add);
        assertThat(later).extracting(LogLine::text).contains("hello from skyrun", "second");
    }

    /** The engine can release a follower before the line it writes at close: 1 launch in about 12 lost it. */
    @org.junit.jupiter.api.RepeatedTest(10)
    void aLastLineWithoutNewlineArrivesLive() throws Exception {
        RunOutcome out = h.launch(LaunchRequest.of(Tasks.task("partial", "echo first; printf x")));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(h.stdout(0)).containsExactly("first", "x");
    }

    @Test
    void theChosenAlternativeRunsItsOwnImageNotItsParents() throws Exception {
        String absent = "skyrun-test/absent-" + System.nanoTime() + ":never";
        Path own = Files.writeString(tmp.resolve("own.yaml"), "name: own-image\nresources:\n  image_id: docker:" + absent
                + "\n  any_of:\n    - {infra: local, image_id: 'docker:" + Docker.busybox() + "'}\nrun: echo ran\n");
        Path inherited = Files.writeString(tmp.resolve("inherited.yaml"), "name: parent-image\nresources:\n  image_id: docker:"
                + absent + "\n  any_of:\n    - {infra: local}\nrun: echo ran\n");

        RunOutcome out = h.launch(LaunchRequest.of((TaskSpec) SpecLoader.load(own, "own.yaml")));
        RunOutcome parents = h.launch(LaunchRequest.of((TaskSpec) SpecLoader.load(inherited, "inherited.yaml")));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(h.stdout(0)).containsExactly("ran");
        assertThat(parents.status()).isNotEqualTo(RunStatus.SUCCEEDED);
        assertThat(parents.reason()).contains(absent);
    }

    @Test
    void nonZeroExitFailsWithTheCodeAndDownLeavesNothing() throws Exception {
        RunOutcome out = h.launch(LaunchRequest.of(Tasks.task("fails", "echo before; exit 7")));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.FAILED);
        assertThat(out.exitCode()).contains(7);
        assertThat(h.state.runs().find(out.runId()).orElseThrow().exitCode()).contains(7);
        assertThat(Docker.orphans(out.runId())).isNotEmpty();
        h.state.runs().delete(out.runId());

        assertThat(h.actions.down(out.runId()).removed()).isNotEmpty();
        assertThat(Docker.orphans(out.runId())).isEmpty();
    }

    @Test
    void envsAndSecretsArriveByteForByteAndTheSecretIsWrittenNowhere() throws Exception {
        String secret = "s3cr3t-" + System.nanoTime() + "-" + NASTY;
        Map<String, String> envs = new LinkedHashMap<>();
        envs.put("PLAIN", NASTY);
        TaskSpec task = Tasks.withEnvs(Tasks.task("envs",
                "printf '%s' \"$PLAIN\" | od -An -c; printf '%s' \"$API_KEY\" | sha256sum; "
                        + "printf 'rank=%s nodes=%s task=%s attempt=%s\\n' $SKYPILOT_NODE_RANK $SKYRUN_NUM_NODES "
                        + "$SKYRUN_TASK_ID $SKYRUN_ATTEMPT"),
                envs, Map.of("API_KEY", Optional.empty()));
        LaunchRequest req = new LaunchRequest(task, Optional.empty(), Map.of(), Secrets.of(Map.of("API_KEY", secret)),
                Optional.empty(), Optional.empty(), false, false);

        RunOutcome out = h.launch(req);

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        String stdout = String.join("\n", h.stdout(0));
        assertThat(stdout).contains(odOf(NASTY));
        assertThat(stdout).contains(sha256(secret));
        assertThat(stdout).contains("rank=0 nodes=1 task=" + out.runId() + "-task0 attempt=1");
        assertThat(stdout).doesNotContain(secret.substring(0, 20));
        assertSecretNowhere(secret, out.runId());
    }

    private void assertSecretNowhere(String secret, String runId) throws Exception {
        byte[] needle = secret.substring(0, 20).getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(h.home.dir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(indexOf(Files.readAllBytes(f), needle)).as("secret in " + f).isEqualTo(-1);
            }
        }
        assertThat(h.events).allSatisfy(e -> assertThat(e.message()).doesNotContain(secret.substring(0, 20)));
        for (String id : Docker.containersLabelled("skyrun-run", runId)) {
            assertThat(Docker.docker("inspect", id).output()).doesNotContain(secret.substring(0, 20));
        }
    }

    @Test
    void twoNodesSeeTheirRanksAndIpsAndReachEachOther() throws Exception {
        TaskSpec task = Tasks.withNodes(Tasks.task("pair",
                "echo \"me=$(hostname -i)\"; "
                        + "echo \"rank=$SKYRUN_NODE_RANK of $SKYPILOT_NUM_NODES ips=$(echo $SKYRUN_NODE_IPS)\"; "
                        + "other=$(echo \"$SKYRUN_NODE_IPS\" | sed -n \"$((1 - SKYRUN_NODE_RANK + 1))p\"); "
                        + "ping -c 1 -W 3 \"$other\" >/dev/null && echo \"reached $other\""), 2);

        RunOutcome out = h.launch(LaunchRequest.of(task));

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        String ip0 = h.stdout(0).get(0).substring("me=".length()).strip();
        String ip1 = h.stdout(1).get(0).substring("me=".length()).strip();
        assertThat(ip0).isNotEqualTo(ip1).matches("[0-9.]+");
        assertThat(h.stdout(0)).containsExactly("me=" + ip0, "rank=0 of 2 ips=" + ip0 + " " + ip1, "reached " + ip1);
        assertThat(h.stdout(1)).containsExactly("me=" + ip1, "rank=1 of 2 ips=" + ip0 + " " + ip1, "reached " + ip0);
    }

    @Test
    void copyMountsRoundTripThroughALocalDirStoreAndLocalPathsAreReadOnly() throws Exception {
        Path bucket = Files.createDirectories(tmp.resolve("bucket/data"));
        Files.writeString(bucket.resolve("input.txt"), "input bytes\n");
        StoreCopy.upload(bucket, new dev.skyrun.storage.LocalDirStore(bucket));
        Path config = Files.createDirectories(tmp.resolve("config"));
        Files.writeString(config.resolve("c.yaml"), "lr: 0.1\n");
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("train.sh"), "echo training in $(pwd)\n");
        Map<String, FileMount> mounts = new LinkedHashMap<>();
        mounts.put("/data", FileMount.copy("/data", "file://" + bucket));
        mounts.put("/config", FileMount.copy("/config", config.toString()));
        TaskSpec task = Tasks.withMounts(Tasks.task("copy",
                "cat /data/input.txt; cat /config/c.yaml; sh train.sh; mkdir -p /data/out; "
                        + "echo result > /data/out/result.txt; touch /config/x 2>/dev/null || echo config is read-only"),
                mounts, Optional.of(work.toString()));

        RunOutcome out = h.launch(LaunchRequest.of(task).withHostPaths(List.of(tmp))); // the spec-less request's dir is the cwd

        assertThat(out.status()).as(out.reason()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(h.stdout(0)).containsExactly("input bytes", "lr: 0.1", "training in /skyrun/workdir",
                "config is read-only");
        assertThat(Files.readString(bucket.resolve("out/result.txt"))).isEqualTo("result\n");
        assertThat(Files.readString(bucket.resolve(StoreCopy.SUMS))).contains(
                StoreCopy.sha256(bucket.resolve("out/result.txt")) + "  out/result.txt");
        assertThat(h.eventKinds()).contains("STAGED_IN", "STAGED_OUT");
    }

    static String odOf(String s) throws Exception {
        Process p = new ProcessBuilder("od", "-An", "-c").start();
        p.getOutputStream().write(s.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.stripTrailing();
    }

    static String sha256(String s) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package dev.skyrun.aws;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI for the bootstrap ITs: builds the no-pull test images and removes what a test labelled. */
final class TestDocker {

    /** The "VM" image: busybox, curl, the docker client. */
    static final String VM_IMAGE = "skyrun-test/aws-vm:1";
    /** The job image: busybox. */
    static final String JOB_IMAGE = "skyrun-test/aws-job:1";

    private TestDocker() {}

    static synchronized void ensureImages() throws IOException, InterruptedException {
        if (run("image", "inspect", VM_IMAGE).code() == 0 && run("image", "inspect", JOB_IMAGE).code() == 0) {
            return;
        }
        Path script = Files.createTempFile("vm-image", ".sh");
        try (InputStream in = TestDocker.class.getResourceAsStream("vm-image.sh")) {
            Files.write(script, in.readAllBytes());
        }
        Result r = exec(List.of("sh", script.toString(), VM_IMAGE, JOB_IMAGE));
        Files.delete(script);
        if (r.code() != 0) {
            throw new IllegalStateException("building the test images failed: " + r.output());
        }
    }

    record Result(int code, String output) {}

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return exec(cmd);
    }

    /** Removes every container carrying {@code skyrun-run=RUN}. */
    static void removeLabelled(String run) throws IOException, InterruptedException {
        String ids = run("ps", "-aq", "--filter", "label=skyrun-run=" + run).output().strip();
        if (!ids.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(ids.split("\\s+")));
            run(args.toArray(String[]::new));
        }
    }

    private static Result exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}

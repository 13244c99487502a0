package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.testkit.Docker;
import dev.skyrun.testkit.ProjectDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A user's checkout of the team's specs for a test: {@code specs/} of this repository copied into
 * a git work tree in a temp directory, with three edits that keep tests apart on a shared Docker
 * engine and state: the release gets a name of its own, it is published into the temp directory,
 * and the stages run a test-owned tag of the busybox image (so a test may retag it).
 *
 * @param root the work tree
 * @param release the release name the pipeline records
 * @param imageTag the image tag its stages name
 * @param publishDir where {@code release.publish} points
 */
record FederatedWorkTree(Path root, String release, String imageTag, Path publishDir) {

    static final String SPEC = "specs/federated-local.yaml";
    static final String TEXTGEN_STAGE = "specs/stages/local/textgen-lora.yaml";

    /** Copies specs/, rewrites the release block and image tags, and commits it. */
    static FederatedWorkTree create(Path dir, String suffix) throws IOException, InterruptedException {
        Path root = dir.resolve("checkout");
        copyTree(ProjectDirs.root().resolve("specs"), root.resolve("specs"));
        String imageTag = "skyrun-test/federated-" + suffix + ":local";
        Docker.Result tag = Docker.docker("tag", Docker.busybox(), imageTag);
        assertThat(tag.code()).as(tag.output()).isZero();
        Path publish = dir.resolve("published");
        FederatedWorkTree tree = new FederatedWorkTree(root, "federated-" + suffix, imageTag, publish);
        tree.edit(SPEC, "release:\n  name: federated\n", "release:\n  name: " + tree.release + "\n");
        tree.edit(SPEC, "publish: file:///tmp/skyrun-releases/federated", "publish: " + publish.toUri());
        for (String f : List.of(SPEC, TEXTGEN_STAGE, "specs/stages/local/embedder.yaml")) {
            tree.edit(f, "image: skyrun/busybox:local", "image: " + imageTag);
        }
        tree.git("init", "-q");
        tree.commit("the team's specs");
        return tree;
    }

    /** A file of the work tree. */
    Path file(String relative) {
        return root.resolve(relative);
    }

    /** Replaces every {@code from} in a file (which must hold it) with {@code to}. */
    void edit(String relative, String from, String to) throws IOException {
        Path f = file(relative);
        String text = Files.readString(f);
        assertThat(text).as(relative).contains(from);
        Files.writeString(f, text.replace(from, to));
    }

    /** Commits everything; returns the commit id. */
    String commit(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("-c", "user.name=skyrun-test", "-c", "user.email=test@skyrun.invalid", "commit", "-q", "-m", message);
        return git("rev-parse", "HEAD").strip();
    }

    /** Runs git in the work tree; returns its stdout. */
    String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = Stream.concat(Stream.of("git", "-C", root.toString()), Stream.of(args)).toList();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
        return out;
    }

    /** Points the stages' image tag at a different image (same files, another label). */
    void retagToAnotherImage() {
        String container = "skyrun-test-retag-" + release;
        Docker.Result created = Docker.docker("create", "--name", container, imageTag, "true");
        assertThat(created.code()).as(created.output()).isZero();
        try {
            Docker.Result committed = Docker.docker("commit", "--change", "LABEL skyrun-test.variant=retagged",
                    container, imageTag);
            assertThat(committed.code()).as(committed.output()).isZero();
        } finally {
            Docker.docker("rm", "-f", container);
        }
    }

    /** The image id ({@code sha256:...}) a tag names now. */
    static String imageId(String tag) {
        Docker.Result r = Docker.docker("image", "inspect", "--format", "{{.Id}}", tag);
        assertThat(r.code()).as(r.output()).isZero();
        return r.output().strip();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}

package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.spec.GitWorkdir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SkyPilot's {@code workdir: {url, ref}}: the repository at that ref becomes the job's working directory. */
class GitCloneTest {

    @TempDir
    Path dir;

    private void git(Path repo, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.com"));
        cmd.addAll(List.of(args));
        assertThat(new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor()).isZero();
    }

    @Test
    void theRepositoryIsClonedAtItsRef() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("train.py"), "print('v1')\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "v1");
        git(repo, "tag", "v1");
        Files.writeString(repo.resolve("train.py"), "print('v2')\n");
        git(repo, "commit", "-q", "-am", "v2");

        GitWorkdir at = GitWorkdir.parse(new GitWorkdir("file://" + repo, Optional.of("v1")).text()).orElseThrow();
        GitClone.into(at, dir.resolve("work"));
        assertThat(dir.resolve("work/train.py")).hasContent("print('v1')");
    }

    @Test
    void aRefThatDoesNotExistSaysWhich() {
        GitWorkdir missing = new GitWorkdir("file://" + dir.resolve("nothing"), Optional.of("main"));
        assertThatThrownBy(() -> GitClone.into(missing, dir.resolve("work")))
                .hasMessageStartingWith("workdir: git could not clone file://" + dir.resolve("nothing") + " at main");
    }

    @Test
    void aRepositoryOnThisMachineIsNamedAsAHostPathSoTheSpecsHostPathRuleHoldsForIt() {
        assertThat(GitClone.localPath("file:///etc/skyrun-repo")).hasValue("/etc/skyrun-repo");
        assertThat(GitClone.localPath("../../other-repo")).hasValue("../../other-repo");
        assertThat(GitClone.localPath("/srv/repo.git")).hasValue("/srv/repo.git");
        assertThat(GitClone.localPath("./a:b")).as("a slash before the colon: a path").hasValue("./a:b");
        assertThat(GitClone.localPath("https://github.com/acme/train.git")).isEmpty();
        assertThat(GitClone.localPath("ssh://git@github.com/acme/train.git")).isEmpty();
        assertThat(GitClone.localPath("git@github.com:acme/train.git")).isEmpty();
    }

    @Test
    void aCloneThatFailsIsTheUsersInputToFix() {
        GitWorkdir missing = new GitWorkdir("file://" + dir.resolve("nothing"), Optional.empty());
        assertThatThrownBy(() -> GitClone.into(missing, dir.resolve("work")))
                .isInstanceOf(dev.skyrun.schema.InvalidInputException.class);
    }
}

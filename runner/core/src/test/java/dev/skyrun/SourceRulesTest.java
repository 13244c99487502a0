package dev.skyrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks behind {@link ArchitectureTest} catch what they are for: each runs over a small
 * source tree laid out as runner/ is, with deliberate violations next to allowed uses.
 */
class SourceRulesTest {
    @TempDir
    Path runner;

    private SourceRules rules;

    @BeforeEach
    void aTree() throws IOException {
        write("core", "dev/skyrun/cloud/Cloud.java", "package dev.skyrun.cloud;\nimport dev.skyrun.spec.TaskSpec;\n");
        write("core", "dev/skyrun/spec/TaskSpec.java", "package dev.skyrun.spec;\n");
        write("core", "dev/skyrun/run/RunController.java", "package dev.skyrun.run;\nimport dev.skyrun.cloud.Cloud;\n");
        write("core", "dev/skyrun/state/StateStore.java", "package dev.skyrun.state;\n");
        write("cli", "dev/skyrun/cli/LaunchCommand.java", "package dev.skyrun.cli;\nimport dev.skyrun.run.RunController;\n");
        write("testkit", "dev/skyrun/testkit/Fake.java", "package dev.skyrun.testkit;\nimport dev.skyrun.state.StateStore;\n");
        write("local", "dev/skyrun/local/LocalCloud.java", "package dev.skyrun.local;\nimport dev.skyrun.cloud.Cloud;\n"
                + "import dev.skyrun.local.Machine;\nimport com.github.dockerjava.api.DockerClient;\n");
        rules = new SourceRules(runner);
    }

    @Test
    void aTreeWithinTheRulesHasNoViolation() throws IOException {
        assertThat(rules.layerViolations()).isEmpty();
        assertThat(rules.pluginViolations()).isEmpty();
        assertThat(rules.sdkViolations()).isEmpty();
        assertThat(rules.packageCycles()).isEmpty();
    }

    @Test
    void aPluginImportingTheControllerIsAViolation() throws IOException {
        write("local", "dev/skyrun/local/JobStarter.java", "package dev.skyrun.local;\n"
                + "import dev.skyrun.run.RunController;\n");
        assertThat(rules.pluginViolations()).singleElement().asString()
                .contains("JobStarter.java").contains("plug-in module local uses core package run");
    }

    @Test
    void aNewPluginModuleIsCheckedToo() throws IOException {
        write("azure", "dev/skyrun/azure/AzureCloud.java", "package dev.skyrun.azure;\n"
                + "import dev.skyrun.cloud.Cloud;\n"
                + "class AzureCloud {\n  // dev.skyrun.run.RunController in a comment is no use\n"
                + "  Object s = new dev.skyrun.state.StateStore();\n}\n");
        write("azure", "dev/skyrun/azure/AzureAll.java", "package dev.skyrun.azure;\nimport dev.skyrun.run.*;\n");
        assertThat(rules.pluginViolations()).hasSize(2)
                .anySatisfy(v -> assertThat(v).contains("AzureCloud.java").contains("uses core package state"))
                .anySatisfy(v -> assertThat(v).contains("AzureAll.java").contains("uses core package run"));
    }

    @Test
    void aCorePackageUsingOneBelowItIsAViolation() throws IOException {
        write("core", "dev/skyrun/cloud/Lookup.java", "package dev.skyrun.cloud;\nimport dev.skyrun.state.StateStore;\n");
        assertThat(rules.layerViolations()).singleElement().asString()
                .contains("Lookup.java").contains("package cloud uses state");
    }

    @Test
    void aSubpackageUsingItsParentThatUsesItIsACycle() throws IOException {
        write("cli", "dev/skyrun/cli/agent/AgentClient.java", "package dev.skyrun.cli.agent;\n"
                + "class AgentClient {\n  void fallBack() { dev.skyrun.cli.LaunchCommand.run(); }\n}\n");
        write("cli", "dev/skyrun/cli/AgentCommand.java", "package dev.skyrun.cli;\n"
                + "import dev.skyrun.cli.agent.AgentClient;\n");
        assertThat(rules.packageCycles()).containsExactly("dev.skyrun.cli -> dev.skyrun.cli.agent -> dev.skyrun.cli");
    }

    @Test
    void anSdkOutsideItsModuleIsAViolation() throws IOException {
        write("core", "dev/skyrun/storage/S3.java", "package dev.skyrun.storage;\n"
                + "import software.amazon.awssdk.services.s3.S3Client;\n");
        assertThat(rules.sdkViolations()).singleElement().asString()
                .contains("S3.java").contains("only runner/aws may");
    }

    private void write(String module, String path, String text) throws IOException {
        Path file = runner.resolve(module).resolve("src/main/java").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}

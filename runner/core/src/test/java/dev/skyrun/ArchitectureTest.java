package dev.skyrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules of shared/DESIGN.md §4 hold for this tree ({@link SourceRules}):
 * a core package uses only the packages above it in the table, a cloud plug-in module uses only
 * the plug-in interface's side of core, and no cloud SDK or docker-java is imported outside the
 * module that owns it; no package uses another that uses it back (e.g. {@code cli} and
 * {@code cli.agent}). {@link SourceRulesTest} shows each rule catching a violation.
 */
class ArchitectureTest {
    private static final SourceRules RULES = new SourceRules(Path.of(".."));

    @Test
    void everyCorePackageIsInTheTable() throws IOException {
        assertThat(SourceRules.LAYERS).as("add new core packages to DESIGN.md §4 and to SourceRules.LAYERS")
                .containsAll(RULES.corePackages());
    }

    @Test
    void aCorePackageUsesOnlyPackagesAboveIt() throws IOException {
        assertThat(RULES.layerViolations()).isEmpty();
    }

    @Test
    void aPluginModuleUsesOnlyThePluginInterfaceOfCore() throws IOException {
        assertThat(RULES.mains()).as("runner/*/src/main").hasSizeGreaterThan(3);
        assertThat(RULES.pluginViolations()).isEmpty();
    }

    @Test
    void everyCloudModuleIsHeldToThePluginRule() throws IOException {
        assertThat(RULES.pluginModules().stream().map(m -> "dev.skyrun." + m)).as("the modules the plug-in rule reads")
                .contains("dev.skyrun.local", "dev.skyrun.aws", "dev.skyrun.gcp", "dev.skyrun.lambda",
                        "dev.skyrun.kubernetes", "dev.skyrun.azure");
    }

    @Test
    void noTwoPackagesUseEachOther() throws IOException {
        assertThat(RULES.packageCycles()).isEmpty();
    }

    @Test
    void noCloudSdkOrDockerJavaOutsideItsModule() throws IOException {
        assertThat(RULES.mains()).as("runner/*/src/main").hasSizeGreaterThan(3);
        assertThat(RULES.sdkViolations()).isEmpty();
    }
}

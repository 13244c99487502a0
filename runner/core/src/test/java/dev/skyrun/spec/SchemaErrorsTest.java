package dev.skyrun.spec;

import static dev.skyrun.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Schema errors: every one at once, each at the offending key or value, with a hint. */
class SchemaErrorsTest {

    @Test
    void misspeltKeysArePointedAtWithDidYouMean() {
        assertThat(problems("invalid/misspelt-keys.yaml")).containsExactly(
                "invalid/misspelt-keys.yaml:2:1: unknown key 'num_node' (did you mean 'num_nodes'?)",
                "invalid/misspelt-keys.yaml:4:3: unknown key 'acelerators' in resources (did you mean 'accelerators'?)",
                "invalid/misspelt-keys.yaml:5:3: unknown key 'use_spots' in resources (did you mean 'use_spot'?)");
    }

    @Test
    void typeEnumPatternAndRequiredErrorsPointAtTheValueOrItsParentKey() {
        assertThat(problems("invalid/wrong-values.yaml")).containsExactly(
                "invalid/wrong-values.yaml:2:12: 'num_nodes' must be an integer, not text"
                        + " (How many nodes run the job (default 1). Each node gets SKYRUN_NODE_RANK and SKYRUN_NODE_IPS.)",
                "invalid/wrong-values.yaml:4:14: 'resources.disk_tier' 'hihg' is not one of low, medium, high, ultra, best"
                        + " (did you mean 'high'?)",
                "invalid/wrong-values.yaml:5:9: 'resources.cpus' 'lots' is not in the expected form (A number, or N+ for at least N.)",
                "invalid/wrong-values.yaml:6:17: 'resources.job_recovery' 'failovr' is not one of FAILOVER, EAGER_NEXT_REGION, NONE"
                        + " (did you mean 'FAILOVER'?)",
                "invalid/wrong-values.yaml:9:5: missing required key 'name' in gates[0] (The gate's name, unique within its task.)");
    }

    @Test
    void aStageFileNamesItsOwnFileAndLine() {
        assertThat(problems("invalid/pipeline-bad-stage-file.yaml")).containsExactly(
                "invalid/stages/bad-task.yaml:3:3: unknown key 'use_spots' in resources (did you mean 'use_spot'?)");
    }

    @Test
    void aClusterOfABillionNodesIsRefusedAtTheCount() {
        assertThat(problems("invalid/too-many-nodes.yaml")).singleElement().asString()
                .startsWith("invalid/too-many-nodes.yaml:2:12: 'num_nodes' must have a maximum value of 512");
    }

    @Test
    void minimumAndLengthErrorsPointAtTheValue() {
        assertThat(problems("invalid/out-of-range.yaml")).containsExactly(
                "invalid/out-of-range.yaml:2:12: 'num_nodes' must have a minimum value of 1"
                        + " (How many nodes run the job (default 1). Each node gets SKYRUN_NODE_RANK and SKYRUN_NODE_IPS.)",
                "invalid/out-of-range.yaml:3:8: 'image' must be at least 1 characters long (The job's container image,"
                        + " e.g. ghcr.io/acme/trainer:2.3@sha256:... (resources.image_id: docker:IMAGE also sets it).)",
                "invalid/out-of-range.yaml:5:14: 'resources.disk_size' must have a minimum value of 1 (OS disk size in GiB.)",
                "invalid/out-of-range.yaml:6:20: 'resources.max_hourly_cost' must have an exclusive minimum value of 0"
                        + " (Upper bound of the price in $/h per node.)");
    }

    @Test
    void minItemsAndFlowMappingValuesArePointedAt() {
        assertThat(problems("invalid/pipeline-empty-stages.yaml")).containsExactly(
                "invalid/pipeline-empty-stages.yaml:3:9: 'stages' must have at least 1 items but found 0"
                        + " (The stages, each a task inline or by path; they run as their needs allow.)",
                "invalid/pipeline-empty-stages.yaml:4:53: 'release.keep_stable' must have a minimum value of 1"
                        + " (How many stable releases stay marked for rollback (default 3).)");
    }
}

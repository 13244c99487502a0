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
}

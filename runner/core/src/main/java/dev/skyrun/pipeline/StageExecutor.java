package dev.skyrun.pipeline;

import dev.skyrun.manifest.StageOutcome;
import dev.skyrun.spec.Stage;
import java.util.Map;

/**
 * Runs one stage of a pipeline to its end and collects what it produced. The pipeline
 * scheduler calls it once per stage, from several threads at once for independent stages.
 * Implementations: the run controller's adapter (a real job per stage) and, in tests, plain
 * lambdas that write files.
 */
@FunctionalInterface
public interface StageExecutor {

    /**
     * Runs a stage.
     *
     * @param stage the stage
     * @param upstream the outcomes of the stages it needs, by name (all SUCCEEDED)
     * @return its outcome; a failure to run is an outcome with status FAILED, not an exception
     * @throws Exception only for what should stop the whole pipeline (interrupts, state errors)
     */
    StageOutcome execute(Stage stage, Map<String, StageOutcome> upstream) throws Exception;
}

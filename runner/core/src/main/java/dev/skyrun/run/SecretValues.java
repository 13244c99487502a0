package dev.skyrun.run;

import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobScript;
import dev.skyrun.schema.InvalidInputException;
import dev.skyrun.spec.TaskSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Resolves the values of a task's secrets: {@code --secret K=V}, else the launching environment, else the spec's default. */
public final class SecretValues {

    private SecretValues() {}

    /**
     * The secrets a launch hands the job.
     *
     * @param task the task, naming its secrets
     * @param given {@code --secret K=V} values (may name secrets the task does not declare)
     * @param environment the launching process's environment
     * @throws InvalidInputException naming a secret without a value and how to give one
     */
    public static Secrets resolve(TaskSpec task, Map<String, String> given, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, Optional<String>> s : task.secrets().entrySet()) {
            String name = JobScript.requireName(s.getKey());
            String v = given.get(name);
            if (v == null) {
                v = environment.get(name);
            }
            if (v == null) {
                v = s.getValue().orElseThrow(() -> new InvalidInputException("secret " + name
                        + " has no value: pass --secret " + name + "=VALUE or export " + name + " before launching"));
            }
            values.put(name, v);
        }
        given.forEach((k, v) -> values.putIfAbsent(JobScript.requireName(k), v));
        return Secrets.of(values);
    }
}

package dev.skyrun.cloud;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The labels every resource a launch creates carries, and their keys: the one place they are named.
 *
 * @param values label key to value
 */
public record Labels(Map<String, String> values) {
    /** The run's id. */
    public static final String RUN = "skyrun-run";
    /** The cluster's name. */
    public static final String CLUSTER = "skyrun-cluster";
    /** The node's rank within its cluster. */
    public static final String NODE = "skyrun-node";
    /**
     * Which skyrun home (state database) launched it: {@code down --sweep} only removes resources
     * of its own home, so several users or homes can share one Docker engine or cloud account.
     */
    public static final String HOME = "skyrun-home";
    /** The intent token a resource was created under (adoption after a crash). */
    public static final String INTENT = "skyrun-intent";

    public Labels {
        values = Map.copyOf(values);
    }

    /** Labels naming a run. */
    public static Labels run(String runId) {
        return new Labels(Map.of(RUN, Objects.requireNonNull(runId)));
    }

    /** Labels naming a run and one of its clusters. */
    public static Labels cluster(String runId, String clusterName) {
        return new Labels(Map.of(RUN, runId, CLUSTER, clusterName));
    }

    /** These labels plus one more. */
    public Labels with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new Labels(m);
    }
}

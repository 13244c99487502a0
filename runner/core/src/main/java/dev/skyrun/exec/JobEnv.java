package dev.skyrun.exec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables skyrun gives every job, and their {@code SKYPILOT_*} twins: the one
 * place their names are written.
 */
public final class JobEnv {

    /** The run's id. */
    public static final String RUN_ID = "SKYRUN_RUN_ID";
    /** The task's id, stable across recoveries. */
    public static final String TASK_ID = "SKYRUN_TASK_ID";
    /** The attempt number, 1-based. */
    public static final String ATTEMPT = "SKYRUN_ATTEMPT";
    /** This node's rank, 0-based. */
    public static final String NODE_RANK = "SKYRUN_NODE_RANK";
    /** How many nodes run the job. */
    public static final String NUM_NODES = "SKYRUN_NUM_NODES";
    /** The nodes' IP addresses, one per line, rank order. */
    public static final String NODE_IPS = "SKYRUN_NODE_IPS";
    /** Accelerators per node. */
    public static final String NUM_GPUS_PER_NODE = "SKYRUN_NUM_GPUS_PER_NODE";
    /** The checkpoint directory inside the job; the same store prefix on every attempt. */
    public static final String CHECKPOINT_DIR = "SKYRUN_CHECKPOINT_DIR";

    /** SkyPilot's names of the same values, set too so SkyPilot jobs run unchanged. */
    public static final Map<String, String> SKYPILOT_TWINS = Map.of(
            RUN_ID, "SKYPILOT_RUN_ID",
            TASK_ID, "SKYPILOT_TASK_ID",
            ATTEMPT, "SKYPILOT_ATTEMPT",
            NODE_RANK, "SKYPILOT_NODE_RANK",
            NUM_NODES, "SKYPILOT_NUM_NODES",
            NODE_IPS, "SKYPILOT_NODE_IPS",
            NUM_GPUS_PER_NODE, "SKYPILOT_NUM_GPUS_PER_NODE",
            CHECKPOINT_DIR, "SKYPILOT_CHECKPOINT_DIR");

    private JobEnv() {}

    /** The variables every node of a job shares (no rank, no IPs), with twins. */
    public static Map<String, String> shared(JobSpec job) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, RUN_ID, job.runId());
        put(env, TASK_ID, job.taskId());
        put(env, ATTEMPT, Integer.toString(job.attempt()));
        put(env, NUM_NODES, Integer.toString(job.nodes()));
        put(env, NUM_GPUS_PER_NODE, gpus(job.gpusPerNode()));
        put(env, CHECKPOINT_DIR, job.checkpointDir());
        return env;
    }

    /** The variables that differ per node: rank and the IP list, with twins. */
    public static Map<String, String> node(int rank, List<String> ips) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, NODE_RANK, Integer.toString(rank));
        put(env, NODE_IPS, String.join("\n", ips));
        return env;
    }

    private static void put(Map<String, String> env, String name, String value) {
        env.put(name, value);
        env.put(SKYPILOT_TWINS.get(name), value);
    }

    private static String gpus(double n) {
        return n == Math.rint(n) ? Long.toString((long) n) : Double.toString(n);
    }
}

package dev.skyrun.plan;

/**
 * The checks a candidate offering goes through, in order; the first that fails removes it.
 * {@code plan} reports how many candidates each one removed.
 */
public enum Filter {
    /** The accelerator name or count differs (or accelerators are offered and none were asked). */
    ACCELERATORS("accelerators", "other or no accelerators"),
    /** {@code instance_type:} names another type. */
    INSTANCE_TYPE("instance_type", "other instance types"),
    /** The offering's cloud is not enabled (or is {@code local} and the request did not pin it). */
    ENABLED_CLOUDS("clouds", "not enabled"),
    /** {@code cloud:} / {@code infra:} names another cloud. */
    CLOUD("cloud", "other clouds"),
    /** {@code region:} names another region. */
    REGION("region", "other regions"),
    /** {@code zone:} names another zone. */
    ZONE("zone", "other zones"),
    /** Too few or not exactly the vCPUs asked. */
    CPUS("cpus", "other vCPU counts"),
    /** Too little or not exactly the memory asked. */
    MEMORY("memory", "other memory sizes"),
    /** Spot asked and the offering has no spot price. */
    USE_SPOT("use_spot", "no spot price"),
    /** The place is blocked (preempted or lost before). */
    BLOCKED("blocked", "blocked after a failure"),
    /** The price per node is above {@code max_hourly_cost}. */
    MAX_HOURLY_COST("max_hourly_cost", "above the limit");

    private final String key;
    private final String removes;

    Filter(String key, String removes) {
        this.key = key;
        this.removes = removes;
    }

    /** The spec key this filter comes from, e.g. {@code use_spot}. */
    public String key() {
        return key;
    }

    /** What the removed candidates had, e.g. {@code no spot price}. */
    public String removes() {
        return removes;
    }
}

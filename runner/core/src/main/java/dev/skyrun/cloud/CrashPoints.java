package dev.skyrun.cloud;

/**
 * Named points of a launch (the controller's and a plug-in's) where a crash test stops the
 * process as {@code kill -9} would (no shutdown hooks, nothing flushed): set the system property
 * {@code skyrun.crashAt} to a point's name. Unset (always, outside crash tests), a point does
 * nothing. In the plug-in interface so that a plug-in can mark its own points.
 */
public final class CrashPoints {

    /** After the provision intent is committed, before the cloud is asked. */
    public static final String BEFORE_CREATE = "before-create";
    /** After the cluster is recorded ready, before its job is handed over (no container exists yet on local). */
    public static final String AFTER_PROVISION = "after-provision";
    /** After the nodes' containers are created, before they start. */
    public static final String AFTER_CREATE = "after-create";
    /** After the nodes' containers started, before their start payload is handed over (their wrappers wait for it). */
    public static final String DURING_START = "during-start";
    /** After a named store's bucket is created, before the state records it as the run's. */
    public static final String BUCKET_CREATED = "bucket-created";
    /** After an attempt ended and the next was decided, before it starts. */
    public static final String RECOVERING = "recovering";

    private CrashPoints() {}

    /** Halts the JVM at once when {@code skyrun.crashAt} names this point. */
    public static void hit(String point) {
        if (point.equals(System.getProperty("skyrun.crashAt"))) {
            Runtime.getRuntime().halt(137);
        }
    }
}

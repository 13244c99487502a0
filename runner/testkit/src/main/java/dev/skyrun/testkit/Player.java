package dev.skyrun.testkit;

/**
 * A daemon thread that plays a fake cloud's machines in a test (reports heartbeats, exit codes,
 * interruptions as the VMs would): runs one pass every 50 ms until it is interrupted.
 *
 * <pre>{@code
 * Thread vms = Player.start(() -> { for (var i : fake.instances()) { ... } });
 * ...
 * vms.interrupt();
 * }</pre>
 */
public final class Player {

    /** One look at the fake's machines. */
    @FunctionalInterface
    public interface Pass {
        void run() throws Exception;
    }

    private Player() {}

    /** Starts the thread; a pass that throws ends it (the test then sees its VMs go quiet). */
    public static Thread start(Pass pass) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    pass.run();
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "vm-player");
        t.setDaemon(true);
        t.start();
        return t;
    }
}

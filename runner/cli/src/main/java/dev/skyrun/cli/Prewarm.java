package dev.skyrun.cli;

import dev.skyrun.schema.SchemaValidator;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a cold {@code validate} or {@code plan} in a JVM of its own will need, made ready on a second
 * thread while the main one builds the command line and reads the spec: the JSON-Schema dialect and the
 * compiled task schema, and for {@code plan} also {@link BigDecimal} (on JDK 25 its class initialiser computes
 * 5^65536: tens of milliseconds, paid by the first {@code minimum} check or price printed) and the
 * SHA-256 provider a plan's catalog digest uses. Nothing here changes a result: each is built once
 * per process, and whoever needs it first waits for it.
 */
final class Prewarm {

    private Prewarm() {}

    /** Starts the thread when {@code args} name {@code validate} or {@code plan}; else does nothing. */
    static void start(String... args) {
        String command = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                command = a;
                break;
            }
        }
        boolean plan = "plan".equals(command);
        if (plan || "validate".equals(command)) {
            Thread.ofPlatform().daemon().name("skyrun-prewarm").start(() -> run(plan));
        }
    }

    private static void run(boolean plan) {
        try {
            SchemaValidator.shared().prepare(SchemaValidator.Kind.TASK);
            if (plan) {
                BigDecimal.ONE.signum();
                MessageDigest.getInstance("SHA-256");
            }
        } catch (RuntimeException | NoSuchAlgorithmException e) {
            // the command meets the same failure where it needs the thing, and reports it there
        }
    }
}

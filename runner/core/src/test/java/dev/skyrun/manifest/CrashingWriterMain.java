package dev.skyrun.manifest;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A child process for {@link ManifestWriterKillIT}: writes large manifests into a directory in a
 * loop, printing each finished name, until it is killed. The manifests are serialized before the
 * loop starts, so the loop spends its time in {@link ManifestWriter#writeOnce} and a kill at a
 * random moment lands in the middle of a write.
 */
public final class CrashingWriterMain {

    /** How many different manifests the loop cycles through; neighbouring writes always differ. */
    static final int DISTINCT = 2;

    private static final byte[][] PAYLOADS = new byte[DISTINCT][];

    private CrashingWriterMain() {}

    /** {@code DIR ROUND}: writes {@code DIR/ROUND-N.json} for N = 0, 1, ... */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (int i = 0; i < DISTINCT; i++) {
            bytes(i);
        }
        System.out.println("started");
        System.out.flush();
        for (int n = 0; ; n++) {
            ManifestWriter.writeOnce(dir.resolve(args[1] + "-" + n + ".json"), bytes(n));
            System.out.println(args[1] + "-" + n + ".json");
            System.out.flush();
        }
    }

    /** The manifest written as number {@code n}: about 4 MB, different from those of n - 1 and n + 1. */
    static synchronized byte[] bytes(int n) {
        int i = n % DISTINCT;
        if (PAYLOADS[i] == null) {
            Manifest m = ManifestFixtures.manifest("1.0." + i, 0.86, Optional.empty());
            SpecRecord big = SpecRecord.of("specs/big.yaml", Optional.empty(), ("# " + i + " padding\n").repeat(300_000));
            PAYLOADS[i] = ManifestJson.bytes(new Manifest(m.release(), m.created(), m.verdict(), Optional.of(big),
                    m.sources(), m.catalogVersion(), m.runId(), m.stages(), m.artifacts(), m.gates(), m.previousStable(),
                    m.rollbackOf()));
        }
        return PAYLOADS[i];
    }
}

package dev.skyrun.manifest;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A child process for {@link ManifestWriterKillIT}: writes large manifests into a directory in a
 * loop, printing each finished name, until it is killed.
 */
public final class CrashingWriterMain {

    private CrashingWriterMain() {}

    /** {@code DIR ROUND}: writes {@code DIR/ROUND-N.json} for N = 0, 1, ... */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("started");
        System.out.flush();
        for (int n = 0; ; n++) {
            ManifestWriter.writeOnce(dir.resolve(args[1] + "-" + n + ".json"), bytes(n));
            System.out.println(args[1] + "-" + n + ".json");
            System.out.flush();
        }
    }

    /** The manifest written as number {@code n}: about 8 MB, different for each n. */
    static byte[] bytes(int n) {
        Manifest m = ManifestFixtures.manifest("1.0." + n, 0.86, Optional.empty());
        SpecRecord big = SpecRecord.of("specs/big.yaml", Optional.empty(), ("# " + n + " padding\n").repeat(600_000));
        return ManifestJson.bytes(new Manifest(m.release(), m.created(), m.verdict(), Optional.of(big), m.sources(),
                m.catalogVersion(), m.runId(), m.stages(), m.artifacts(), m.gates(), m.previousStable(), m.rollbackOf()));
    }
}

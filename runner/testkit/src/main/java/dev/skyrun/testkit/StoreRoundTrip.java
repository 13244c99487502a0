package dev.skyrun.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The round trip every {@link ObjectStore} plug-in must pass against its real (loopback) server:
 * a 300 kB binary file and a small UTF-8 object put, read back byte for byte, listed by prefix
 * in key order, and deleted (deleting an absent key is fine).
 */
public final class StoreRoundTrip {

    private StoreRoundTrip() {}

    /**
     * Puts {@code BUCKET/rt/model/weights.bin} (from a file under {@code dir}),
     * {@code BUCKET/rt/model/config.json} and {@code BUCKET/rt/other/x}, reads the binary back,
     * lists, deletes {@code config.json} and a key never there, and lists again.
     */
    public static void check(ObjectStore store, String bucket, Path dir) throws IOException {
        String rt = bucket + "/rt/";
        byte[] binary = new byte[300_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        store.put(rt + "model/weights.bin", Files.write(dir.resolve("weights.bin"), binary));
        store.put(rt + "model/config.json", "{\"a\": \"é\"}".getBytes(StandardCharsets.UTF_8));
        store.put(rt + "other/x", new byte[0]);

        try (InputStream in = store.open(rt + "model/weights.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(binary);
        }
        assertThat(store.list(rt + "model/")).containsExactly(rt + "model/config.json", rt + "model/weights.bin");
        assertThat(store.list(rt)).hasSize(3);

        store.delete(rt + "model/config.json");
        store.delete(rt + "model/never-there");
        assertThat(store.list(rt + "model/")).containsExactly(rt + "model/weights.bin");
    }
}

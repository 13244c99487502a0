package dev.skyrun.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.Secrets;
import dev.skyrun.state.SkyrunHome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's secrets masked in any text, by a later process that never sees the values. */
class SecretMaskTest {

    static final String CANARY = "hf_Canary+/=" + "x7Qz 9&k?end";

    @TempDir
    Path tmp;

    @Test
    void everyFormOfTheValueIsMaskedWhereverItAppears() {
        SecretMask mask = SecretMask.of(Secrets.of(Map.of("HF_TOKEN", CANARY)));
        byte[] bytes = CANARY.getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(bytes);
        String echoed = Base64.getEncoder().encodeToString((CANARY + "\n").getBytes(StandardCharsets.UTF_8));
        String url = URLEncoder.encode(CANARY, StandardCharsets.UTF_8);

        assertThat(mask.mask("token=" + CANARY + " done")).isEqualTo("token=**** done");
        assertThat(mask.mask(b64)).isEqualTo("****");
        assertThat(mask.mask("b64:" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))).isEqualTo("b64:****");
        assertThat(mask.mask("url " + url + "&next")).isEqualTo("url ****&next");
        assertThat(mask.mask(url.replace("+", "%20"))).isEqualTo("****");
        assertThat(mask.mask(echoed)).startsWith("****").doesNotContain(b64.substring(0, 8));
        assertThat(mask.mask(CANARY + CANARY)).isEqualTo("****");
        assertThat(mask.mask("nothing secret here, hf_Canary")).isEqualTo("nothing secret here, hf_Canary");
    }

    @Test
    void aLaterProcessMasksFromTheStoredFingerprintsWhichHoldNoFormOfTheValue() throws Exception {
        SkyrunHome home = SkyrunHome.at(tmp.resolve("home"));
        SecretMask.of(Secrets.of(Map.of("A", CANARY, "B", "line-one\nline-two"))).save(home, "run-1");

        SecretMask later = SecretMask.load(home, "run-1");

        assertThat(later.mask("x " + CANARY + " y")).isEqualTo("x **** y");
        assertThat(later.mask("line-two")).isEqualTo("****");
        Path file = home.dir().resolve("runs/run-1/" + SecretMask.FILE);
        String stored = Files.readString(file);
        for (String form : SecretMask.forms(CANARY)) {
            assertThat(stored).doesNotContain(form);
        }
        assertThat(stored).doesNotContain("line-one");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SecretMask.load(home, "no-such-run").mask(CANARY)).isEqualTo(CANARY);
    }

    @Test
    void aLineWithoutASecretIsHandedBackAsItIs() {
        SecretMask mask = SecretMask.of(Secrets.of(Map.of("A", CANARY, "B", "another-secret-value-123")));
        String line = "step 1234 loss=0.123456 lr=0.0001 tokens/s=12345.6 ".repeat(4);
        assertThat(mask.mask(line)).isSameAs(line);
    }
}

package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static String canonical(String json) {
        return new String(CanonicalJson.bytes(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8))),
                StandardCharsets.UTF_8);
    }

    @Test
    void numbersHaveOneSpelling() {
        assertThat(CanonicalJson.number(3.0)).isEqualTo("3");
        assertThat(CanonicalJson.number(0.825)).isEqualTo("0.825");
        assertThat(CanonicalJson.number(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(CanonicalJson.number(1e21)).isEqualTo("1e21");
        assertThat(canonical("[1.0, 2.50, 1E2, -0.0, 12345678901234567890]"))
                .isEqualTo("[\n  1,\n  2.5,\n  100,\n  0,\n  12345678901234567890\n]\n");
        assertThatThrownBy(() -> CanonicalJson.number(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAreSortedAndStringsEscapedMinimally() {
        assertThat(canonical("{\"b\": {\"z\": 1, \"a\": []}, \"a\": \"q\\\"\\\\\\n\\u0001é\"}"))
                .isEqualTo("{\n  \"a\": \"q\\\"\\\\\\n\\u0001é\",\n  \"b\": {\n    \"a\": [],\n    \"z\": 1\n  }\n}\n");
    }
}

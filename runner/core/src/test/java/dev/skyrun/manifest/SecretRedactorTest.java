package dev.skyrun.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    @Test
    void secretValuesAreRemovedAndEverythingElseKept() {
        String yaml = """
                kind: pipeline
                name: federated
                stages:
                  - name: textgen
                    task:
                      envs: {EPOCHS: "3"}
                      secrets:
                        HF_TOKEN: hf_live_abc123
                        WANDB_KEY: null
                        OTHER: |
                          multi
                          line
                      run: echo $HF_TOKEN
                """;
        String out = SecretRedactor.redact(yaml, List.of());
        assertThat(out).doesNotContain("hf_live_abc123", "multi");
        assertThat(out).contains("HF_TOKEN: '<redacted>'", "WANDB_KEY: null", "envs: {EPOCHS: \"3\"}",
                "run: echo $HF_TOKEN");
        assertThat(out).startsWith("kind: pipeline\nname: federated\n");
    }

    @Test
    void knownSecretValuesAreRemovedWhereverTheyAppear() {
        String out = SecretRedactor.redact("run: curl -H 'Bearer s3cr3t-value' x\n---\nsecrets: {A: v}\n",
                List.of("s3cr3t-value", ""));
        assertThat(out).isEqualTo("run: curl -H 'Bearer <redacted>' x\n---\nsecrets: {A: '<redacted>'}\n");
    }
}

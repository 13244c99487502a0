package dev.skyrun.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.schema.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cloud's settings as the environment (and the config files' cloud sections) give them. */
class CloudSettingsTest {

    @Test
    void aNumericSettingIsReadOrDefaulted() {
        CloudSettings aws = CloudSettings.fromEnvironment("aws", Map.of("SKYRUN_AWS_POLL_MS", " 250", "SKYRUN_GCP_POLL_MS", "9"));

        assertThat(aws.number("poll_ms", 2000)).isEqualTo(250);
        assertThat(aws.number("retry_base_ms", 500)).as("not set: the plug-in's default").isEqualTo(500);
    }

    @Test
    void aNumericSettingThatIsNoNumberIsBadInputNamingTheVariable() {
        CloudSettings aws = CloudSettings.fromEnvironment("aws", Map.of("SKYRUN_AWS_POLL_MS", "2s"));

        assertThatThrownBy(() -> aws.number("poll_ms", 2000)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("SKYRUN_AWS_POLL_MS").hasMessageContaining("'2s', not a whole number")
                .hasMessageContaining("skyrun config");
    }
}

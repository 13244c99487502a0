package dev.skyrun.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.ToLongBiFunction;
import org.junit.jupiter.api.Test;

class VmBootstrapSettingsTest {

    private static final VmShell SHELL = new VmShell() {
        @Override
        public String scheme() {
            return "gs";
        }

        @Override
        public String functions() {
            return "";
        }
    };

    private static final StatusKeys KEYS = StatusKeys.of("state", "r-1", "c1");

    private static ToLongBiFunction<String, Long> settings(Map<String, Long> values) {
        return (key, fallback) -> values.getOrDefault(key, fallback);
    }

    @Test
    void withoutSettingsNodesBeatEveryThirtySecondsAndStopTenMinutesAfterTheJob() {
        assertThat(VmBootstrap.of(SHELL, KEYS, settings(Map.of()))).isEqualTo(new VmBootstrap(SHELL, KEYS, 30, 10));
        assertThat(VmBootstrap.heartbeatSeconds(settings(Map.of()))).isEqualTo(30);
    }

    @Test
    void theSettingsHeartbeatSAndAutostopMinutesAreTaken() {
        ToLongBiFunction<String, Long> set = settings(Map.of("heartbeat_s", 5L, "autostop_minutes", 0L));
        assertThat(VmBootstrap.of(SHELL, KEYS, set)).isEqualTo(new VmBootstrap(SHELL, KEYS, 5, 0));
        assertThat(VmBootstrap.heartbeatSeconds(set)).isEqualTo(5);
    }
}

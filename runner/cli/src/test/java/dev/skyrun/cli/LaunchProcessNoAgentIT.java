package dev.skyrun.cli;

import java.util.Map;

/** {@link LaunchProcessIT} with {@code SKYRUN_AGENT=off}: every launch in a JVM of its own. */
class LaunchProcessNoAgentIT extends LaunchProcessIT {

    @Override
    Map<String, String> env() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"), "SKYRUN_AGENT", "off");
    }
}

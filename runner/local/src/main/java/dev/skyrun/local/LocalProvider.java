package dev.skyrun.local;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudProvider;
import dev.skyrun.cloud.CloudSettings;

/**
 * The {@code local} cloud's plug-in entry: the machine's own Docker engine. Loads no
 * docker-java class until {@link #open}.
 */
public final class LocalProvider implements CloudProvider {

    /** The cloud's name as specs write it. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Cloud open(CloudSettings settings) {
        return LocalCloud.connect(settings);
    }
}

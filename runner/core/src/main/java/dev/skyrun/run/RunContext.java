package dev.skyrun.run;

import dev.skyrun.cloud.CloudRegistry;
import dev.skyrun.state.StateStore;

/**
 * What one run's controller works with.
 *
 * @param runId the run
 * @param taskId stable across attempts
 * @param request the launch request
 * @param state the state store
 * @param clouds the cloud plug-ins
 * @param events the run's event log
 * @param mounts the run's staged mounts
 * @param listener where log lines go (the secret mask applied)
 * @param mask the run's secret mask, for reasons and messages skyrun records
 */
record RunContext(String runId, String taskId, LaunchRequest request, StateStore state, CloudRegistry clouds,
        Events events, Mounts mounts, RunListener listener, SecretMask mask) {}

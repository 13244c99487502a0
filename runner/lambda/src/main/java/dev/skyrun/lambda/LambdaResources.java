package dev.skyrun.lambda;

import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a Lambda cluster holds and how it goes: instances (the compute, found by their tags,
 * terminated and verified gone) and, once they are, the cluster's SSH key (registered at Lambda
 * and kept on this machine). Lambda's API is global, so no call names a region.
 *
 * @param api the API client
 * @param errors how calls are retried and translated
 * @param keyDir where the clusters' private keys are kept
 */
record LambdaResources(LambdaApi api, LambdaErrors errors, Path keyDir) {

    /** The resource kind of an instance. */
    static final String INSTANCE = "instance";
    /** The auxiliary kind of a cluster's SSH key. */
    static final String SSH_KEY = "ssh-key";

    private static final Set<String> ENDED = Set.of("terminated", "terminating", "preempted");

    /** Whether the API shows the instance ended (or ending): it no longer bills. */
    static boolean ended(LambdaApi.Instance i) {
        return ENDED.contains(i.status());
    }

    /** An instance as a resource. */
    static CloudResource resource(LambdaApi.Instance i) {
        return new CloudResource(LambdaProvider.NAME, INSTANCE, i.id(), i.tags());
    }

    /** The instances carrying the labels that are not ended; a label with an empty value matches any value. */
    List<CloudResource> findCompute(Labels labels) {
        return errors.call("instances", "-", api::instances).stream()
                .filter(i -> !ended(i) && matches(i.tags(), labels)).map(LambdaResources::resource).toList();
    }

    /** Asks the instances terminated; those the API no longer knows are fine. */
    void terminate(List<CloudResource> compute) {
        List<String> ids = compute.stream().map(CloudResource::id).toList();
        if (ids.isEmpty()) {
            return;
        }
        List<String> known = errors.call("instances", "-", api::instances).stream().filter(i -> !ended(i))
                .map(LambdaApi.Instance::id).filter(ids::contains).toList();
        if (!known.isEmpty()) {
            errors.run("instance-operations/terminate", "-", () -> api.terminate(known));
        }
    }

    /** Those of {@code compute} the API still shows not terminated. */
    List<CloudResource> live(List<CloudResource> compute) {
        return compute.stream().filter(r -> errors.call("instances/get", "-", () -> api.instance(r.id()))
                .map(i -> !i.status().equals("terminated")).orElse(false)).toList();
    }

    /** The SSH keys of the run (and cluster) the labels name; none without a run (never every home's keys). */
    List<CloudResource> findKeys(Labels labels) {
        String run = labels.values().getOrDefault(Labels.RUN, "");
        if (run.isEmpty()) {
            return List.of();
        }
        String cluster = labels.values().getOrDefault(Labels.CLUSTER, "");
        String prefix = cluster.isEmpty() ? "skyrun-" + run + "-" : ClusterKey.nameOf(run, cluster);
        return errors.call("ssh-keys", "-", api::sshKeys).stream()
                .filter(k -> cluster.isEmpty() ? k.name().startsWith(prefix) : k.name().equals(prefix))
                .map(k -> new CloudResource(LambdaProvider.NAME, SSH_KEY, k.id(), Map.of("name", k.name()))).toList();
    }

    /** Removes a resource: an instance is asked terminated, a key deleted at Lambda and here. */
    void remove(CloudResource r) {
        if (r.kind().equals(SSH_KEY)) {
            errors.run("ssh-keys/delete", "-", () -> api.deleteSshKey(r.id()));
            ClusterKey.forget(keyDir, r.labels().getOrDefault("name", ""));
        } else {
            terminate(List.of(r));
        }
    }

    private static boolean matches(Map<String, String> tags, Labels labels) {
        return labels.values().entrySet().stream().allMatch(e -> tags.containsKey(e.getKey())
                && (e.getValue().isEmpty() || e.getValue().equals(tags.get(e.getKey()))));
    }
}

package dev.skyrun.lambda;

import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Placement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a cluster's instances: asks {@code instance-types} first and refuses a region without
 * capacity for the type before any launch call (so the plan moves on without a failed launch),
 * adopts the instances of an earlier call with the same intent token, registers the cluster's SSH
 * key, launches with the VM launcher as cloud-init user data and waits until every instance is
 * active with an address.
 *
 * @param api the API client
 * @param errors how calls are retried and translated
 * @param poll the pause between two looks at booting instances
 * @param bootTimeout how long instances may take to become active
 */
record LambdaLauncher(LambdaApi api, LambdaErrors errors, Duration poll, Duration bootTimeout) {

    /** Launches (or adopts) the instances of a placement, in rank order, once all are active. */
    List<LambdaApi.Instance> launch(Placement placement, ClusterRequest request, ClusterKey key, String userData)
            throws CapacityException {
        String region = placement.region();
        List<String> ids = byIntent(region, request.intentToken()).stream().map(LambdaApi.Instance::id).toList();
        if (ids.isEmpty()) {
            requireCapacity(placement);
            registerKey(region, key);
            Map<String, String> tags = new java.util.LinkedHashMap<>(request.labelled().labels().values());
            tags.put(Labels.INTENT, request.intentToken());
            LambdaApi.Launch launch = new LambdaApi.Launch(region, placement.instanceType(), key.name(), placement.nodes(),
                    instanceName(request.clusterName()), userData, tags);
            ids = errors.provisioning("instance-operations/launch", region, () -> api.launch(launch));
        }
        return awaitActive(region, ids);
    }

    /** Refuses a region that {@code instance-types} shows without capacity for the type now: no launch is tried there. */
    void requireCapacity(Placement placement) throws CapacityException {
        String region = placement.region();
        Optional<LambdaApi.InstanceType> type = errors.call("instance-types", region, api::instanceTypes).stream()
                .filter(t -> t.name().equals(placement.instanceType())).findFirst();
        if (type.isEmpty()) {
            throw new CapacityException(CapacityException.Scope.REGION, "lambda " + region + ": instance type "
                    + placement.instanceType() + " is not offered now (instance-types); trying another placement");
        }
        if (!type.get().regionsWithCapacity().contains(region)) {
            throw new CapacityException(CapacityException.Scope.REGION, "lambda " + region + ": no capacity for "
                    + placement.instanceType() + " now (instance-types lists it in " + (type.get().regionsWithCapacity().isEmpty()
                    ? "no region" : String.join(", ", type.get().regionsWithCapacity())) + "); trying another region");
        }
    }

    /** Registers the cluster's public key under its name, unless a key of that name is there already. */
    private void registerKey(String region, ClusterKey key) {
        boolean known = errors.call("ssh-keys", region, api::sshKeys).stream().anyMatch(k -> k.name().equals(key.name()));
        if (!known) {
            errors.call("ssh-keys/add", region, () -> api.addSshKey(key.name(), key.openSshPublicKey()));
        }
    }

    private List<LambdaApi.Instance> byIntent(String region, String token) {
        return errors.call("instances", region, api::instances).stream()
                .filter(i -> token.equals(i.tags().get(Labels.INTENT)) && !LambdaResources.ended(i))
                .sorted(Comparator.comparing(LambdaApi.Instance::id)).toList();
    }

    private List<LambdaApi.Instance> awaitActive(String region, List<String> ids) throws CapacityException {
        long deadline = System.nanoTime() + bootTimeout.toNanos();
        while (true) {
            List<LambdaApi.Instance> active = new ArrayList<>();
            for (String id : ids) {
                Optional<LambdaApi.Instance> i = errors.call("instances/get", region, () -> api.instance(id));
                if (i.isEmpty() || LambdaResources.ended(i.get())) {
                    throw new CapacityException(CapacityException.Scope.REGION, "lambda " + region + ": instance " + id
                            + " ended before it became active (" + i.map(LambdaApi.Instance::status).orElse("gone")
                            + "); trying another region");
                }
                if (i.get().status().equals("active") && !i.get().ip().isBlank()) {
                    active.add(i.get());
                }
            }
            if (active.size() == ids.size()) {
                return active;
            }
            if (System.nanoTime() > deadline) {
                throw new CloudException("lambda " + region + ": instances " + ids + " not active after "
                        + bootTimeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloudException("lambda " + region + ": interrupted while instances boot", e);
            }
        }
    }

    /** Lambda takes names of at most 64 characters. */
    private static String instanceName(String clusterName) {
        return clusterName.length() <= 64 ? clusterName : clusterName.substring(0, 64);
    }
}

package dev.skyrun.aws;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * EC2's answers to a teardown, in every region a run used: instances are the compute; volumes
 * left after termination, placement groups, security groups and the SSM secrets are the
 * auxiliaries. Core's {@code Teardown} orders and verifies the steps. The region of a resource is
 * the one it was found in (or its cluster's); resources of a run are looked for in the configured
 * region and every region its clusters named.
 */
final class AwsTeardown {

    /** Every auxiliary kind, in removal order: EC2's, then the secrets. */
    static final List<String> AUXILIARY_KINDS = List.of("volume", "placement-group", "security-group", Cloud.SECRET);

    private final String home;
    private final Function<String, Ec2Resources> resources;
    private final Function<String, SecretParameters> secrets;
    private final Map<String, String> regionOf = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> runRegions = new ConcurrentHashMap<>();

    AwsTeardown(String home, Function<String, Ec2Resources> resources, Function<String, SecretParameters> secrets) {
        this.home = home;
        this.resources = resources;
        this.secrets = secrets;
    }

    /** Notes that the run has resources in {@code region}: a teardown of the run looks there too. */
    void used(String run, String region) {
        runRegions.computeIfAbsent(run, r -> ConcurrentHashMap.newKeySet()).add(region);
    }

    /** The cluster's instances, by the ids provisioning recorded. */
    List<CloudResource> compute(Cluster c, String region) {
        used(c.attributes().getOrDefault("run", ""), region);
        List<CloudResource> out = new ArrayList<>();
        for (String id : c.nodeIds()) {
            regionOf.put(id, region);
            out.add(new CloudResource(AwsProvider.NAME, "instance", id, Map.of(Labels.RUN, c.attributes().getOrDefault("run", ""),
                    Labels.CLUSTER, c.name())));
        }
        return out;
    }

    List<CloudResource> findCompute(Labels labels) {
        List<CloudResource> out = new ArrayList<>();
        for (String region : regions(labels)) {
            out.addAll(seen(region, resources.apply(region).instances(labels)));
        }
        return out;
    }

    void terminateCompute(List<CloudResource> compute) {
        byRegion(compute).forEach((region, ids) -> resources.apply(region).terminate(ids));
    }

    List<CloudResource> liveCompute(List<CloudResource> compute) {
        Set<String> live = new LinkedHashSet<>();
        byRegion(compute).forEach((region, ids) -> live.addAll(resources.apply(region).live(ids)));
        return compute.stream().filter(r -> live.contains(r.id())).toList();
    }

    List<CloudResource> findAuxiliary(String kind, Labels labels) {
        List<CloudResource> out = new ArrayList<>();
        for (String region : regions(labels)) {
            out.addAll(seen(region, kind.equals(Cloud.SECRET) ? secrets.apply(region).find(labels) : resources.apply(region).find(kind, labels)));
        }
        return out;
    }

    void remove(CloudResource r) {
        String region = regionOf.getOrDefault(r.id(), home);
        if (r.kind().equals(Cloud.SECRET)) {
            secrets.apply(region).delete(r.id());
        } else {
            resources.apply(region).remove(r);
        }
    }

    private List<CloudResource> seen(String region, List<CloudResource> found) {
        found.forEach(r -> regionOf.put(r.id(), region));
        return found;
    }

    private Set<String> regions(Labels labels) {
        Set<String> out = new LinkedHashSet<>(List.of(home));
        out.addAll(runRegions.getOrDefault(labels.values().getOrDefault(Labels.RUN, ""), Set.of()));
        return out;
    }

    private Map<String, List<String>> byRegion(List<CloudResource> compute) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        compute.forEach(r -> out.computeIfAbsent(regionOf.getOrDefault(r.id(), home), k -> new ArrayList<>()).add(r.id()));
        return out;
    }
}

package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.AggregatedListInstancesRequest;
import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.InsertInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesScopedList;
import com.google.cloud.compute.v1.ListZoneOperationsRequest;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeHealth;
import dev.skyrun.cloud.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compute Engine instances as skyrun nodes: insert with a request id, operations polled to DONE. */
record GceNodes(GcpConfig config, InstancesClient instances, ZoneOperationsClient operations, Backoff backoff) implements Nodes {

    GceNodes(GcpConfig config, InstancesClient instances, ZoneOperationsClient operations) {
        this(config, instances, operations, Backoff.standard(config.pollInterval()));
    }

    @Override
    public List<String> create(Placement p, ClusterRequest r, String startupScript) throws CapacityException {
        String zone = zoneOf(p);
        List<String> names = new ArrayList<>();
        List<Operation> pending = new ArrayList<>();
        try {
            for (int rank = 0; rank < p.nodes(); rank++) {
                String name = GceLabels.name(r.clusterName(), rank);
                names.add(name);
                Map<String, String> labels = GceLabels.of(r.labels().with(Labels.NODE, Integer.toString(rank)).values());
                Instance instance = GceInstance.of(name, zone, p, r.diskSizeGib(), config.imageFamily(), labels, startupScript, rank,
                        GceFirewalls.tag(r.clusterName()));
                insert(p, zone, instance, GceLabels.requestId(r.intentToken(), rank)).ifPresent(pending::add);
            }
            for (Operation op : pending) {
                ZoneOperationPoller.awaitDone(operations, config, p.region(), zone, op, backoff);
            }
        } catch (CapacityException | CloudException e) {
            deleteNamed(p.region(), zone, names);
            throw e;
        }
        return names;
    }

    private Optional<Operation> insert(Placement p, String zone, Instance instance, String requestId) throws CapacityException {
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", p.region(), zone, "instances.insert " + instance.getName(), requestId);
        InsertInstanceRequest req = InsertInstanceRequest.newBuilder().setProject(config.project()).setZone(zone)
                .setRequestId(requestId).setInstanceResource(instance).build();
        try {
            return Optional.of(backoff.call(ctx, () -> instances.insertCallable().call(req)));
        } catch (CloudException e) {
            if (e.getCause() instanceof ApiException api && GcpErrors.kindOf(api) == GcpErrors.Kind.CONFLICT) {
                return Optional.empty(); // created by an earlier call with this intent: adopt it
            }
            throw e;
        }
    }

    @Override
    public List<NodeHealth> health(Cluster c) {
        String zone = c.attributes().get("zone");
        return c.nodeIds().stream().map(name -> health(c.placement(), zone, name)).toList();
    }

    private NodeHealth health(Placement p, String zone, String name) {
        Optional<Instance> inst = get(p.region(), zone, name);
        String status = inst.map(Instance::getStatus).orElse("ABSENT");
        NodeHealth.Status s = switch (status) {
            case "RUNNING" -> NodeHealth.Status.UP;
            case "PROVISIONING", "STAGING", "REPAIRING" -> NodeHealth.Status.STARTING;
            default -> NodeHealth.Status.GONE;
        };
        if (s == NodeHealth.Status.GONE && p.spot() && preempted(p.region(), zone, name)) {
            return new NodeHealth(name, NodeHealth.Status.PREEMPTED, "spot VM " + name + " in " + zone
                    + " is " + status + " after compute.instances.preempted");
        }
        return new NodeHealth(name, inst.isPresent() && s == NodeHealth.Status.GONE ? NodeHealth.Status.STOPPED : s,
                "instance " + name + " in " + zone + " is " + status);
    }

    private Optional<Instance> get(String region, String zone, String name) {
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", region, zone, "instances.get " + name, "");
        try {
            return Optional.of(backoff.unchecked(ctx, () -> instances.get(config.project(), zone, name)));
        } catch (CloudException e) {
            if (e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the zone's operations include {@code compute.instances.preempted} for the instance. */
    private boolean preempted(String region, String zone, String name) {
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", region, zone, "zoneOperations.list", "");
        ListZoneOperationsRequest req = ListZoneOperationsRequest.newBuilder().setProject(config.project()).setZone(zone)
                .setFilter("operationType=\"compute.instances.preempted\"").build();
        return backoff.unchecked(ctx, () -> {
            for (Operation op : operations.list(req).iterateAll()) {
                if ("compute.instances.preempted".equals(op.getOperationType()) && op.getTargetLink().endsWith("/instances/" + name)) {
                    return true;
                }
            }
            return false;
        });
    }

    @Override
    public List<String> ips(Cluster c) {
        String zone = c.attributes().get("zone");
        return c.nodeIds().stream().map(name -> get(c.placement().region(), zone, name).filter(i -> i.getNetworkInterfacesCount() > 0)
                .map(i -> i.getNetworkInterfaces(0).getNetworkIP()).orElse("")).toList();
    }

    @Override
    public void remove(CloudResource resource) {
        String zone = resource.id().substring(0, resource.id().indexOf('/'));
        deleteNamed(zone.substring(0, zone.lastIndexOf('-')), zone, List.of(resource.id().substring(zone.length() + 1)));
    }

    @Override
    public List<CloudResource> compute(Cluster c) {
        String zone = c.attributes().get("zone");
        return c.nodeIds().stream().map(n -> new CloudResource("gcp", "instance", zone + "/" + n, Map.of())).toList();
    }

    @Override
    public boolean exists(CloudResource resource) {
        String zone = resource.id().substring(0, resource.id().indexOf('/'));
        return get(zone.substring(0, zone.lastIndexOf('-')), zone, resource.id().substring(zone.length() + 1)).isPresent();
    }

    private void deleteNamed(String region, String zone, List<String> names) {
        List<Operation> pending = new ArrayList<>();
        for (String name : names) {
            GcpErrors.Context ctx = new GcpErrors.Context("gcp", region, zone, "instances.delete " + name, "");
            try {
                pending.add(backoff.unchecked(ctx, () -> instances.deleteCallable().call(DeleteInstanceRequest.newBuilder()
                        .setProject(config.project()).setZone(zone).setInstance(name).build())));
            } catch (CloudException e) {
                if (!(e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404)) {
                    throw e;
                }
            }
        }
        for (Operation op : pending) {
            try {
                ZoneOperationPoller.awaitDone(operations, config, region, zone, op, backoff);
            } catch (CapacityException e) {
                throw new CloudException(e.getMessage(), e);
            }
        }
    }

    @Override
    public List<CloudResource> find(Labels labels) {
        StringBuilder filter = new StringBuilder();
        labels.values().forEach((k, v) -> filter.append(filter.isEmpty() ? "" : " AND ")
                .append("labels.").append(GceLabels.value(k)).append("=").append(GceLabels.value(v)));
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", "all regions", "", "instances.aggregatedList", "");
        AggregatedListInstancesRequest req = AggregatedListInstancesRequest.newBuilder().setProject(config.project())
                .setFilter(filter.toString()).build();
        Map<String, String> wanted = GceLabels.of(labels.values());
        return backoff.unchecked(ctx, () -> {
            List<CloudResource> out = new ArrayList<>();
            for (Map.Entry<String, InstancesScopedList> e : instances.aggregatedList(req).iterateAll()) {
                for (Instance i : e.getValue().getInstancesList()) {
                    if (i.getLabelsMap().entrySet().containsAll(wanted.entrySet())) {
                        out.add(new CloudResource("gcp", "instance", e.getKey().replace("zones/", "") + "/" + i.getName(), i.getLabelsMap()));
                    }
                }
            }
            return out;
        });
    }

    static String zoneOf(Placement p) {
        return p.zone().orElseThrow(() -> new CloudException("gcp " + p.region() + ": Compute Engine needs a zone; "
                + "the plan gave none for " + p.instanceType() + " (write infra: gcp/" + p.region() + "/" + p.region() + "-a)"));
    }
}

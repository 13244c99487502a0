package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.tpu.v2.CreateNodeRequest;
import com.google.cloud.tpu.v2.DeleteNodeRequest;
import com.google.cloud.tpu.v2.ListNodesRequest;
import com.google.cloud.tpu.v2.NetworkConfig;
import com.google.cloud.tpu.v2.Node;
import com.google.cloud.tpu.v2.SchedulingConfig;
import com.google.cloud.tpu.v2.TpuClient;
import com.google.longrunning.Operation;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeHealth;
import dev.skyrun.cloud.Placement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * TPU VMs (TPU API v2) as skyrun nodes: one TPU node per cluster node, spot when the placement
 * is, its startup script on every worker (which learns its rank from the metadata server).
 */
record TpuNodes(GcpConfig config, TpuClient tpu, Backoff backoff) implements Nodes {

    TpuNodes(GcpConfig config, TpuClient tpu) {
        this(config, tpu, Backoff.standard(config.pollInterval()));
    }

    @Override
    public List<String> create(Placement p, ClusterRequest r, String startupScript) throws CapacityException {
        String zone = GceNodes.zoneOf(p);
        TpuSlice slice = TpuSlice.of(p).orElseThrow();
        List<String> names = new ArrayList<>();
        try {
            for (int rank = 0; rank < p.nodes(); rank++) {
                String name = GceLabels.name(r.clusterName(), rank);
                names.add(name);
                Node node = Node.newBuilder()
                        .setAcceleratorType(slice.acceleratorType())
                        .setRuntimeVersion(slice.runtimeVersion(r.acceleratorArgs()))
                        .setNetworkConfig(NetworkConfig.newBuilder().setEnableExternalIps(true))
                        .setSchedulingConfig(SchedulingConfig.newBuilder().setSpot(p.spot()))
                        .putMetadata("startup-script", startupScript)
                        .putMetadata("skyrun-node", Integer.toString(rank))
                        .addTags(GceFirewalls.tag(r.clusterName()))
                        .putAllLabels(GceLabels.of(r.labels().with(Labels.NODE, Integer.toString(rank)).values()))
                        .build();
                createOne(p, zone, name, node, GceLabels.requestId(r.intentToken(), rank));
            }
        } catch (CapacityException | CloudException e) {
            deleteNamed(p.region(), zone, names);
            throw e;
        }
        return names;
    }

    private void createOne(Placement p, String zone, String name, Node node, String requestId) throws CapacityException {
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", p.region(), zone, "tpu nodes.create " + name, requestId);
        CreateNodeRequest req = CreateNodeRequest.newBuilder().setParent(parent(zone)).setNodeId(name)
                .setNode(node).build();
        Operation op;
        try {
            op = backoff.call(ctx, () -> tpu.createNodeCallable().call(req));
        } catch (CloudException e) {
            if (e.getCause() instanceof ApiException api && GcpErrors.kindOf(api) == GcpErrors.Kind.CONFLICT) {
                return; // created by an earlier call with this intent: adopt it
            }
            throw e;
        }
        awaitDone(op, ctx);
    }

    private void awaitDone(Operation started, GcpErrors.Context ctx) throws CapacityException {
        Operation op = started;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (!op.getDone()) {
            if (Instant.now().isAfter(deadline)) {
                throw new CloudException(ctx.where() + ": operation " + op.getName() + " not done after 30 minutes");
            }
            Backoff.sleep(config.pollInterval());
            String name = op.getName();
            op = backoff.unchecked(ctx, () -> tpu.getHttpJsonOperationsClient().getOperation(name));
        }
        if (op.hasError() && op.getError().getCode() != 0) {
            int http = grpcToHttp(op.getError().getCode());
            GcpErrors.Kind kind = GcpErrors.kindOf(http, "", op.getError().getMessage());
            throw GcpErrors.capacityOrThrow(GcpErrors.toException(kind == GcpErrors.Kind.RETRY ? GcpErrors.Kind.OTHER : kind,
                    ctx, op.getError().getMessage(), null));
        }
    }

    /** google.rpc.Code numbers to HTTP statuses, for classification. */
    private static int grpcToHttp(int code) {
        return switch (code) {
            case 5 -> 404;
            case 6, 10 -> 409;
            case 7 -> 403;
            case 16 -> 401;
            case 8 -> 429;
            case 3, 9, 11 -> 400;
            default -> 500;
        };
    }

    @Override
    public List<NodeHealth> health(Cluster c) {
        String zone = c.attributes().get("zone");
        return c.nodeIds().stream().map(name -> get(c.placement().region(), zone, name).map(node -> health(name, zone, node))
                .orElseGet(() -> new NodeHealth(name, NodeHealth.Status.GONE, "TPU " + name + " in " + zone + " is absent"))).toList();
    }

    /** The TPU node, or empty when the API says it does not exist. */
    private Optional<Node> get(String region, String zone, String name) {
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", region, zone, "tpu nodes.get " + name, "");
        try {
            return Optional.of(backoff.unchecked(ctx, () -> tpu.getNode(parent(zone) + "/nodes/" + name)));
        } catch (CloudException e) {
            if (e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static NodeHealth health(String name, String zone, Node node) {
        String detail = "TPU " + name + " in " + zone + " is " + node.getState();
        NodeHealth.Status s = switch (node.getState()) {
            case READY -> NodeHealth.Status.UP;
            case CREATING, STARTING, RESTARTING, REIMAGING, REPAIRING -> NodeHealth.Status.STARTING;
            case PREEMPTED -> NodeHealth.Status.PREEMPTED;
            case STOPPED, STOPPING, TERMINATED, DELETING, HIDING, HIDDEN -> NodeHealth.Status.STOPPED;
            default -> NodeHealth.Status.STARTING;
        };
        return new NodeHealth(name, s, detail);
    }

    @Override
    public List<String> ips(Cluster c) {
        String zone = c.attributes().get("zone");
        return c.nodeIds().stream().flatMap(name -> get(c.placement().region(), zone, name)
                .orElseThrow(() -> new CloudException("gcp " + zone + ": TPU " + name + " is gone; its workers have no address"))
                .getNetworkEndpointsList().stream().map(e -> e.getIpAddress())).toList();
    }

    @Override
    public void remove(CloudResource resource) {
        String[] parts = resource.id().split("/");
        String zone = parts[3];
        deleteNamed(zone.substring(0, zone.lastIndexOf('-')), zone, List.of(parts[5]));
    }

    @Override
    public List<CloudResource> compute(Cluster c) {
        String zone = c.attributes().get("zone");
        return c.nodeIds().stream().map(n -> new CloudResource("gcp", "tpu-node", parent(zone) + "/nodes/" + n, Map.of())).toList();
    }

    @Override
    public boolean exists(CloudResource resource) {
        String zone = resource.id().split("/")[3];
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", zone.substring(0, zone.lastIndexOf('-')), zone, "tpu nodes.get " + resource.id(), "");
        try {
            backoff.unchecked(ctx, () -> tpu.getNode(resource.id()));
            return true;
        } catch (CloudException e) {
            if (e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404) {
                return false;
            }
            throw e;
        }
    }

    private void deleteNamed(String region, String zone, List<String> names) {
        for (String name : names) {
            GcpErrors.Context ctx = new GcpErrors.Context("gcp", region, zone, "tpu nodes.delete " + name, "");
            try {
                Operation op = backoff.unchecked(ctx, () -> tpu.deleteNodeCallable()
                        .call(DeleteNodeRequest.newBuilder().setName(parent(zone) + "/nodes/" + name).build()));
                awaitDone(op, ctx);
            } catch (CapacityException e) {
                throw new CloudException(e.getMessage(), e);
            } catch (CloudException e) {
                if (!(e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public List<CloudResource> find(Labels labels) {
        Map<String, String> wanted = GceLabels.of(labels.values());
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", "all zones", "", "tpu nodes.list", "");
        return backoff.unchecked(ctx, () -> {
            List<CloudResource> out = new ArrayList<>();
            ListNodesRequest req = ListNodesRequest.newBuilder().setParent("projects/" + config.project() + "/locations/-").build();
            for (Node n : tpu.listNodes(req).iterateAll()) {
                if (n.getLabelsMap().entrySet().containsAll(wanted.entrySet())) {
                    out.add(new CloudResource("gcp", "tpu-node", n.getName(), n.getLabelsMap()));
                }
            }
            return out;
        });
    }

    private String parent(String zone) {
        return "projects/" + config.project() + "/locations/" + zone;
    }
}

package dev.skyrun.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.Allowed;
import com.google.cloud.compute.v1.DeleteFirewallRequest;
import com.google.cloud.compute.v1.Firewall;
import com.google.cloud.compute.v1.FirewallsClient;
import com.google.cloud.compute.v1.InsertFirewallRequest;
import com.google.cloud.compute.v1.ListFirewallsRequest;
import com.google.cloud.compute.v1.Operation;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.PortRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The firewall rule that opens a cluster's {@code ports} (TCP, from anywhere, as SkyPilot opens them) on the
 * network tag its nodes carry. Firewall rules have no labels, so the rule's description carries skyrun's labels
 * ({@code skyrun-run=...}); a teardown finds rules by them and removes them as auxiliaries once the nodes are gone.
 */
record GceFirewalls(GcpConfig config, FirewallsClient firewalls, Backoff backoff) {

    /** The auxiliary kind of these rules. */
    static final String KIND = "firewall";

    private static final String PREFIX = "skyrun-ports-";
    private static final String LABELS = "; labels ";

    GceFirewalls(GcpConfig config, FirewallsClient firewalls) {
        this(config, firewalls, Backoff.standard(config.pollInterval()));
    }

    /** The network tag of a cluster's nodes, which its firewall rule targets. */
    static String tag(String cluster) {
        return limit("skyrun-" + safe(cluster));
    }

    /** The name of a cluster's firewall rule. */
    static String name(String cluster) {
        return limit(PREFIX + safe(cluster));
    }

    /** Creates the rule for the placement's ports (none asked: nothing); one an earlier call of this intent made is kept. */
    void open(Placement p, ClusterRequest r) {
        if (p.ports().isEmpty()) {
            return;
        }
        String name = name(r.clusterName());
        Firewall rule = Firewall.newBuilder().setName(name).setNetwork("global/networks/default").setDirection("INGRESS")
                .addSourceRanges("0.0.0.0/0").addTargetTags(tag(r.clusterName()))
                .addAllowed(Allowed.newBuilder().setIPProtocol("tcp")
                        .addAllPorts(p.ports().stream().map(PortRange::toString).toList()))
                .setDescription("skyrun: ports of cluster " + r.clusterName() + LABELS + r.labels().values().entrySet().stream()
                        .filter(e -> e.getKey().startsWith("skyrun-")).map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" ")))
                .build();
        String requestId = GceLabels.requestId(r.intentToken(), -1);
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", p.region(), "", "firewalls.insert " + name, requestId);
        InsertFirewallRequest req = InsertFirewallRequest.newBuilder().setProject(config.project()).setRequestId(requestId)
                .setFirewallResource(rule).build();
        try {
            Operation op = backoff.unchecked(ctx, () -> firewalls.insertCallable().call(req));
            if (op.hasError() && op.getError().getErrorsCount() > 0) {
                throw new CloudException("gcp firewalls.insert " + name + ": " + op.getError().getErrors(0).getMessage());
            }
        } catch (CloudException e) {
            if (!(e.getCause() instanceof ApiException api && GcpErrors.kindOf(api) == GcpErrors.Kind.CONFLICT)) {
                throw e;
            }
        }
    }

    /** The rules skyrun made whose labels match ({@code ""} matches any value). */
    List<CloudResource> find(Labels labels) {
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", "global", "", "firewalls.list", "");
        ListFirewallsRequest req = ListFirewallsRequest.newBuilder().setProject(config.project())
                .setFilter("name eq \"" + PREFIX + ".*\"").build();
        return backoff.unchecked(ctx, () -> {
            List<CloudResource> out = new ArrayList<>();
            for (Firewall f : firewalls.list(req).iterateAll()) {
                Map<String, String> own = labelsOf(f.getDescription());
                boolean matches = f.getName().startsWith(PREFIX) && labels.values().entrySet().stream().allMatch(
                        w -> own.containsKey(w.getKey()) && (w.getValue().isEmpty() || w.getValue().equals(own.get(w.getKey()))));
                if (matches) {
                    out.add(new CloudResource("gcp", KIND, f.getName(), own));
                }
            }
            return out;
        });
    }

    /** Deletes a rule; one already gone is fine. */
    void delete(String name) {
        GcpErrors.Context ctx = new GcpErrors.Context("gcp", "global", "", "firewalls.delete " + name, "");
        try {
            backoff.unchecked(ctx, () -> firewalls.deleteCallable().call(DeleteFirewallRequest.newBuilder()
                    .setProject(config.project()).setFirewall(name).build()));
        } catch (CloudException e) {
            if (!(e.getCause() instanceof ApiException api && GcpErrors.httpStatus(api) == 404)) {
                throw e;
            }
        }
    }

    private static Map<String, String> labelsOf(String description) {
        Map<String, String> out = new LinkedHashMap<>();
        int at = description.indexOf(LABELS);
        if (at >= 0) {
            for (String pair : description.substring(at + LABELS.length()).split(" ")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return out;
    }

    private static String safe(String cluster) {
        return cluster.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    private static String limit(String name) {
        String n = name.length() <= 63 ? name : name.substring(0, 63);
        return n.replaceAll("-+$", "");
    }
}

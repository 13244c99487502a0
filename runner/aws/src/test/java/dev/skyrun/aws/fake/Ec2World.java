package dev.skyrun.aws.fake;

import static dev.skyrun.aws.fake.Xml.el;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** What the fake EC2 holds: instances, volumes, security groups, placement groups, spot requests. */
public final class Ec2World {

    /** A fake instance; tests change {@code state} and {@code reason} to play the provider. */
    public static final class Inst {
        public final String id;
        public final String type;
        public final String zone;
        public final String token;
        public final String sg;
        public final String ip;
        public final int launchIndex;
        public final boolean spot;
        public final String spotRequest;
        public final String volume;
        public final String placementGroup;
        public final Map<String, String> tags = new LinkedHashMap<>();
        public volatile String state = "pending";
        public volatile String reason;
        public volatile String spotStatus = "fulfilled";

        Inst(String id, String type, String zone, String token, String sg, String ip, int launchIndex, boolean spot,
                String volume, String placementGroup) {
            this.id = id;
            this.type = type;
            this.zone = zone;
            this.token = token;
            this.sg = sg;
            this.ip = ip;
            this.launchIndex = launchIndex;
            this.spot = spot;
            this.spotRequest = spot ? "sir-" + id.substring(2) : null;
            this.volume = volume;
            this.placementGroup = placementGroup;
        }

        static final Map<String, Integer> CODES = Map.of("pending", 0, "running", 16, "shutting-down", 32,
                "terminated", 48, "stopping", 64, "stopped", 80);

        String xml() {
            StringBuilder sb = new StringBuilder("<item>");
            sb.append(el("instanceId", id)).append(el("imageId", "ami-0fake")).append("<instanceState>")
                    .append(el("code", CODES.get(state))).append(el("name", state)).append("</instanceState>")
                    .append(el("privateIpAddress", ip)).append(el("amiLaunchIndex", launchIndex))
                    .append(el("instanceType", type)).append(el("launchTime", "2026-11-23T09:00:00.000Z"))
                    .append("<placement>").append(el("availabilityZone", zone)).append(el("groupName", placementGroup))
                    .append(el("tenancy", "default")).append("</placement>")
                    .append(el("clientToken", token));
            if (spot) {
                sb.append(el("instanceLifecycle", "spot")).append(el("spotInstanceRequestId", spotRequest));
            }
            if (reason != null) {
                sb.append("<stateReason>").append(el("code", reason)).append(el("message", reason + ": fake")).append("</stateReason>");
            }
            sb.append("<groupSet><item>").append(el("groupId", sg)).append("</item></groupSet>");
            sb.append("<blockDeviceMapping><item>").append(el("deviceName", "/dev/sda1")).append("<ebs>")
                    .append(el("volumeId", volume)).append(el("status", "attached")).append(el("deleteOnTermination", true))
                    .append("</ebs></item></blockDeviceMapping>");
            return sb.append(Xml.tagSet(tags)).append("</item>").toString();
        }
    }

    /** A fake volume. */
    public static final class Vol {
        public final String id;
        public final Map<String, String> tags = new LinkedHashMap<>();
        public volatile String state = "in-use";
        public volatile boolean deleteOnTermination = true;

        Vol(String id) {
            this.id = id;
        }
    }

    /** A fake security group or placement group. */
    public record Group(String id, String name, String vpc, Map<String, String> tags) {}

    public final Map<String, Inst> instances = new LinkedHashMap<>();
    public final Map<String, Vol> volumes = new LinkedHashMap<>();
    public final Map<String, Group> securityGroups = new LinkedHashMap<>();
    public final Map<String, Group> placementGroups = new LinkedHashMap<>();
    /** Whether pending instances become running on the next describe. */
    public volatile boolean autoRun = true;
    /** Whether shutting-down instances become terminated on the next describe. */
    public volatile boolean autoTerminate = true;
    /** Whether TerminateInstances answers OK but leaves the instances as they were (an EC2 API that is not ours). */
    public volatile boolean ignoreTerminate = false;
    private final AtomicInteger seq = new AtomicInteger(0x1000);

    String next(String prefix) {
        return prefix + "-0" + Integer.toHexString(seq.incrementAndGet()) + "fa1ce";
    }

    synchronized List<Inst> run(Form f, String zone) {
        String token = f.get("ClientToken");
        List<Inst> same = select(i -> token != null && token.equals(i.token));
        if (!same.isEmpty()) {
            return same;
        }
        int n = Integer.parseInt(f.get("MaxCount"));
        boolean spot = "spot".equals(f.get("InstanceMarketOptions.MarketType"));
        List<Inst> made = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Vol v = new Vol(next("vol"));
            v.tags.putAll(f.tagsFor("volume"));
            volumes.put(v.id, v);
            Inst i = new Inst(next("i"), f.get("InstanceType"), zone, token, f.get("SecurityGroupId.1"),
                    "10.0.0." + (10 + instances.size()), k, spot, v.id, f.get("Placement.GroupName"));
            i.tags.putAll(f.tagsFor("instance"));
            instances.put(i.id, i);
            made.add(i);
        }
        return made;
    }

    synchronized List<Inst> select(Predicate<Inst> p) {
        return instances.values().stream().filter(p).toList();
    }

    /** Advances lifecycles the way EC2 does between two looks. */
    synchronized void tick() {
        for (Inst i : instances.values()) {
            if (autoRun && i.state.equals("pending")) {
                i.state = "running";
            } else if (autoTerminate && i.state.equals("shutting-down")) {
                terminated(i);
            }
        }
    }

    /** Ends an instance as EC2 would: the root volume goes with it unless told otherwise. */
    public synchronized void terminated(Inst i) {
        i.state = "terminated";
        Vol v = volumes.get(i.volume);
        if (v != null) {
            if (v.deleteOnTermination) {
                volumes.remove(v.id);
            } else {
                v.state = "available";
            }
        }
    }

    /** Plays a spot interruption: the instance is terminated with the spot reason. */
    public synchronized void interrupt(String id) {
        Inst i = instances.get(id);
        i.reason = "Server.SpotInstanceTermination";
        i.spotStatus = "instance-terminated-no-capacity";
        terminated(i);
    }

    static boolean matches(Map<String, String> tags, Map<String, List<String>> filters) {
        for (var e : filters.entrySet()) {
            if (e.getKey().startsWith("tag:") && !e.getValue().contains(tags.get(e.getKey().substring(4)))) {
                return false;
            }
        }
        return true;
    }

    static boolean instanceMatches(Inst i, Map<String, List<String>> filters) {
        if (!matches(i.tags, filters)) {
            return false;
        }
        List<String> states = filters.get("instance-state-name");
        List<String> tokens = filters.get("client-token");
        return (states == null || states.contains(i.state)) && (tokens == null || tokens.contains(i.token));
    }

    static String now() {
        return Instant.now().toString();
    }
}

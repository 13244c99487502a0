package dev.skyrun.aws.fake;

import static dev.skyrun.aws.fake.Xml.el;

import dev.skyrun.aws.fake.Ec2World.Group;
import dev.skyrun.aws.fake.Ec2World.Inst;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The EC2 actions the fake answers, each as EC2 documents its response. */
final class Ec2Actions {

    private final Ec2World w;
    /** Spot prices the fake reports: type to (zone to price). */
    final Map<String, Map<String, String>> spotPrices = new java.util.concurrent.ConcurrentHashMap<>();

    Ec2Actions(Ec2World world) {
        this.w = world;
        spotPrices.put("p3.2xlarge", new java.util.TreeMap<>(Map.of("us-east-1a", "0.9180", "us-east-1b", "0.8710")));
        spotPrices.put("trn1.2xlarge", new java.util.TreeMap<>(Map.of("us-east-1a", "0.2690")));
    }

    /** Answers one action; {@code region} is the one the request was signed for (its zones are answered). */
    Reply handle(String action, Form f, String region) {
        if ("true".equals(f.get("DryRun"))) {
            return Reply.xml(412, Xml.error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", UUID.randomUUID().toString()));
        }
        String inner = switch (action) {
            case "RunInstances" -> runInstances(f);
            case "DescribeInstances" -> describeInstances(f);
            case "TerminateInstances" -> terminate(f);
            case "CreateTags" -> createTags(f);
            case "DescribeImages" -> "<imagesSet><item>" + el("imageId", "ami-0dl0old") + el("name", "Deep Learning old")
                    + el("creationDate", "2025-01-01T00:00:00.000Z") + el("state", "available") + "</item><item>"
                    + el("imageId", "ami-0dl1new") + el("name", "Deep Learning new") + el("creationDate", "2026-10-01T00:00:00.000Z")
                    + el("state", "available") + "</item></imagesSet>";
            case "DescribeSubnets" -> subnets(f, region);
            case "DescribeSecurityGroups" -> groups("securityGroupInfo", w.securityGroups, f, true);
            case "CreateSecurityGroup" -> createGroup(f);
            case "AuthorizeSecurityGroupIngress", "DeleteVolume", "DeletePlacementGroup" -> deleteOrOk(action, f);
            case "DeleteSecurityGroup" -> deleteGroup(f);
            case "CreatePlacementGroup" -> createPlacementGroup(f);
            case "DescribePlacementGroups" -> groups("placementGroupSet", w.placementGroups, f, false);
            case "DescribeVolumes" -> volumes(f);
            case "DescribeSpotInstanceRequests" -> spotRequests(f);
            case "DescribeSpotPriceHistory" -> spotPriceHistory(f, region);
            case "DescribeInstanceTypes" -> instanceTypes();
            default -> null;
        };
        if (inner == null) {
            return Reply.xml(400, Xml.error("InvalidAction", "The action " + action + " is not valid for this web service.", "req-x"));
        }
        if (inner.startsWith("ERROR:")) {
            String[] p = inner.split(":", 3);
            return Reply.xml(400, Xml.error(p[1], p[2], UUID.randomUUID().toString()));
        }
        return Reply.xml(200, Xml.response(action, inner));
    }

    private String runInstances(Form f) {
        String zone = f.get("Placement.AvailabilityZone", AwsFake.ZONES.get(0));
        List<Inst> made = w.run(f, zone);
        StringBuilder sb = new StringBuilder(el("reservationId", "r-0fake") + el("ownerId", "123456789012") + "<instancesSet>");
        made.forEach(i -> sb.append(i.xml()));
        return sb.append("</instancesSet>").toString();
    }

    private String describeInstances(Form f) {
        w.tick();
        List<String> ids = f.list("InstanceId");
        for (String id : ids) {
            if (!w.instances.containsKey(id)) {
                return "ERROR:InvalidInstanceID.NotFound:The instance ID '" + id + "' does not exist";
            }
        }
        var filters = f.filters();
        List<Inst> found = w.select(i -> (ids.isEmpty() || ids.contains(i.id)) && Ec2World.instanceMatches(i, filters));
        StringBuilder sb = new StringBuilder("<reservationSet>");
        if (!found.isEmpty()) {
            sb.append("<item>").append(el("reservationId", "r-0fake")).append(el("ownerId", "123456789012")).append("<instancesSet>");
            found.forEach(i -> sb.append(i.xml()));
            sb.append("</instancesSet></item>");
        }
        return sb.append("</reservationSet>").toString();
    }

    private String terminate(Form f) {
        StringBuilder sb = new StringBuilder("<instancesSet>");
        for (String id : f.list("InstanceId")) {
            Inst i = w.instances.get(id);
            if (i == null) {
                return "ERROR:InvalidInstanceID.NotFound:The instance ID '" + id + "' does not exist";
            }
            String prev = i.state;
            if (!prev.equals("terminated") && !w.ignoreTerminate) {
                i.state = "shutting-down";
            }
            sb.append("<item>").append(el("instanceId", id)).append("<currentState>").append(el("code", Inst.CODES.get(i.state)))
                    .append(el("name", i.state)).append("</currentState><previousState>").append(el("code", Inst.CODES.get(prev)))
                    .append(el("name", prev)).append("</previousState></item>");
        }
        return sb.append("</instancesSet>").toString();
    }

    private String createTags(Form f) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int j = 1; f.get("Tag." + j + ".Key") != null; j++) {
            tags.put(f.get("Tag." + j + ".Key"), f.get("Tag." + j + ".Value"));
        }
        for (String id : f.list("ResourceId")) {
            if (w.instances.containsKey(id)) {
                w.instances.get(id).tags.putAll(tags);
            } else if (w.volumes.containsKey(id)) {
                w.volumes.get(id).tags.putAll(tags);
            }
        }
        return el("return", true);
    }

    /** The default subnets of the signed region's zones {@code REGIONa} and {@code REGIONb}. */
    private String subnets(Form f, String region) {
        List<String> all = List.of(region + "a", region + "b");
        List<String> zones = f.filters().getOrDefault("availability-zone", all);
        StringBuilder sb = new StringBuilder("<subnetSet>");
        for (String z : all) {
            if (zones.contains(z)) {
                sb.append("<item>").append(el("subnetId", "subnet-" + z)).append(el("vpcId", "vpc-0fake"))
                        .append(el("availabilityZone", z)).append(el("defaultForAz", true)).append(el("state", "available")).append("</item>");
            }
        }
        return sb.append("</subnetSet>").toString();
    }

    private String groups(String set, Map<String, Group> groups, Form f, boolean security) {
        var filters = f.filters();
        StringBuilder sb = new StringBuilder("<" + set + ">");
        for (Group g : groups.values()) {
            List<String> names = filters.get("group-name");
            if (Ec2World.matches(g.tags(), filters) && (names == null || names.contains(g.name()))) {
                sb.append("<item>").append(security ? el("groupId", g.id()) : el("groupId", g.id())).append(el("groupName", g.name()))
                        .append(security ? el("vpcId", g.vpc()) : el("strategy", "cluster") + el("state", "available"))
                        .append(Xml.tagSet(g.tags())).append("</item>");
            }
        }
        return sb.append("</" + set + ">").toString();
    }

    private String createGroup(Form f) {
        String id = w.next("sg");
        w.securityGroups.put(id, new Group(id, f.get("GroupName"), f.get("VpcId"), f.tagsFor("security-group")));
        return el("return", true) + el("groupId", id);
    }

    private String createPlacementGroup(Form f) {
        String name = f.get("GroupName");
        if (w.placementGroups.containsKey(name)) {
            return "ERROR:InvalidPlacementGroup.Duplicate:The placement group '" + name + "' already exists.";
        }
        w.placementGroups.put(name, new Group("pg-" + name, name, null, f.tagsFor("placement-group")));
        return el("return", true);
    }

    private String deleteGroup(Form f) {
        String id = f.get("GroupId");
        if (!w.securityGroups.containsKey(id)) {
            return "ERROR:InvalidGroup.NotFound:The security group '" + id + "' does not exist";
        }
        if (!w.select(i -> id.equals(i.sg) && !i.state.equals("terminated")).isEmpty()) {
            return "ERROR:DependencyViolation:resource " + id + " has a dependent object";
        }
        w.securityGroups.remove(id);
        return el("return", true);
    }

    private String deleteOrOk(String action, Form f) {
        if (action.equals("DeleteVolume")) {
            w.volumes.remove(f.get("VolumeId"));
        } else if (action.equals("DeletePlacementGroup")) {
            w.placementGroups.remove(f.get("GroupName"));
        }
        return el("return", true);
    }

    private String volumes(Form f) {
        var filters = f.filters();
        StringBuilder sb = new StringBuilder("<volumeSet>");
        w.volumes.values().stream().filter(v -> Ec2World.matches(v.tags, filters)).forEach(v -> sb.append("<item>")
                .append(el("volumeId", v.id)).append(el("size", 256)).append(el("availabilityZone", AwsFake.ZONES.get(0)))
                .append(el("status", v.state)).append(Xml.tagSet(v.tags)).append("</item>"));
        return sb.append("</volumeSet>").toString();
    }

    private String spotRequests(Form f) {
        List<String> ids = f.list("SpotInstanceRequestId");
        StringBuilder sb = new StringBuilder("<spotInstanceRequestSet>");
        w.select(i -> i.spot && ids.contains(i.spotRequest)).forEach(i -> sb.append("<item>").append(el("spotInstanceRequestId", i.spotRequest))
                .append(el("state", i.state.equals("terminated") ? "closed" : "active")).append("<status>")
                .append(el("code", i.spotStatus)).append(el("message", "fake")).append("</status>").append(el("instanceId", i.id)).append("</item>"));
        return sb.append("</spotInstanceRequestSet>").toString();
    }

    /** A few instance types as DescribeInstanceTypes documents them: GPUs, Neuron devices, none. */
    private static String instanceTypes() {
        return "<instanceTypeSet>"
                + type("p3.2xlarge", 8, 62464, "<gpuInfo><gpus><item>" + el("name", "V100") + el("manufacturer", "NVIDIA")
                        + el("count", 1) + "<memoryInfo>" + el("sizeInMiB", 16384) + "</memoryInfo></item></gpus>"
                        + el("totalGpuMemoryInMiB", 16384) + "</gpuInfo>")
                + type("p4de.24xlarge", 96, 1179648, "<gpuInfo><gpus><item>" + el("name", "A100") + el("manufacturer", "NVIDIA")
                        + el("count", 8) + "<memoryInfo>" + el("sizeInMiB", 81920) + "</memoryInfo></item></gpus></gpuInfo>")
                + type("trn1.2xlarge", 8, 32768, "<neuronInfo><neuronDevices><item>" + el("count", 1) + el("name", "Trainium")
                        + "<memoryInfo>" + el("sizeInMiB", 32768) + "</memoryInfo></item></neuronDevices></neuronInfo>")
                + type("inf2.xlarge", 4, 16384, "<neuronInfo><neuronDevices><item>" + el("count", 1) + el("name", "Inferentia2")
                        + "</item></neuronDevices></neuronInfo>")
                + type("m6i.large", 2, 8192, "")
                + "</instanceTypeSet>";
    }

    private static String type(String name, int vcpus, int mib, String accelerators) {
        return "<item>" + el("instanceType", name) + "<vCpuInfo>" + el("defaultVCpus", vcpus) + "</vCpuInfo><memoryInfo>"
                + el("sizeInMiB", mib) + "</memoryInfo>" + accelerators + "</item>";
    }

    private String spotPriceHistory(Form f, String region) {
        StringBuilder sb = new StringBuilder("<spotPriceHistorySet>");
        List<String> types = f.list("InstanceType").isEmpty() ? List.copyOf(spotPrices.keySet()) : f.list("InstanceType");
        for (String type : types) {
            Map<String, String> zones = new java.util.TreeMap<>(spotPrices.getOrDefault(type, Map.of()));
            zones.keySet().removeIf(z -> !z.startsWith(region));
            zones.forEach((zone, price) -> sb.append("<item>").append(el("instanceType", type))
                    .append(el("productDescription", "Linux/UNIX")).append(el("spotPrice", price))
                    .append(el("timestamp", Ec2World.now())).append(el("availabilityZone", zone)).append("</item>"));
        }
        return sb.append("</spotPriceHistorySet>").append(el("nextToken", "")).toString();
    }
}

package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.aws.fake.Ec2World;
import dev.skyrun.aws.fake.Form;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.ClusterRequest;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeOptions;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.spec.DiskTier;
import dev.skyrun.spec.PortRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EC2 provisioning, state, errors and teardown through the real SDK against the loopback AWS fake and S3Mock. */
class AwsCloudIT {

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("skyrun-state").build();

    AwsFake fake;
    AwsCloud cloud;
    String run;

    @TempDir
    Path tmp;

    CloudSettings settings(AwsFake fake) {
        return settings(fake, S3.getHttpPort(), tmp);
    }

    /** Settings for the fake, with a fresh spot price cache under {@code dir}. */
    static CloudSettings settings(AwsFake fake, int s3Port, Path dir) {
        return new CloudSettings("aws", Optional.of(fake.uri()), Map.of(
                "s3_endpoint", "http://127.0.0.1:" + s3Port, "region", AwsFake.REGION, "bucket", "skyrun-state",
                "access_key_id", "AKIDTEST", "secret_access_key", "test-secret", "poll_ms", "20", "retry_base_ms", "1",
                "terminate_timeout_s", "3", "heartbeat_timeout_s", "120", "cache_dir", freshDir(dir)));
    }

    /** A cache directory of one opened cloud, so no test sees another's spot prices (nor the user's). */
    static String freshDir(Path dir) {
        try {
            return java.nio.file.Files.createTempDirectory(dir, "aws-cache").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void start() {
        fake = new AwsFake();
        cloud = (AwsCloud) new AwsProvider().open(settings(fake));
        run = "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() {
        cloud.close();
        fake.close();
    }

    static Placement placement(String type, boolean spot, int nodes) {
        return new Placement("aws", AwsFake.REGION, Optional.empty(), type, spot, Optional.empty(), 8, 61, 0.9, nodes, "test");
    }

    ClusterRequest request(String token) {
        return new ClusterRequest(run, run + "-c1", token, Labels.run(run), 300);
    }

    @Test
    void spotLaunchSendsOneIdempotentTaggedRunInstances() throws Exception {
        Cluster c = cloud.provision(placement("p3.2xlarge", true, 1), request("tok-" + run));

        List<Form> runs = fake.actions("RunInstances");
        assertThat(runs).hasSize(1);
        Form f = runs.get(0);
        assertThat(f.get("ClientToken")).isEqualTo("tok-" + run);
        assertThat(f.get("InstanceMarketOptions.MarketType")).isEqualTo("spot");
        assertThat(f.get("InstanceMarketOptions.SpotOptions.SpotInstanceType")).isEqualTo("one-time");
        assertThat(f.get("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior")).isEqualTo("terminate");
        assertThat(f.get("ImageId")).isEqualTo("ami-0dl1new");
        assertThat(f.get("BlockDeviceMapping.1.Ebs.VolumeSize")).isEqualTo("300");
        assertThat(f.get("MetadataOptions.InstanceMetadataTags")).isEqualTo("enabled");
        assertThat(f.tagsFor("instance")).containsEntry(Labels.RUN, run).containsEntry(Labels.CLUSTER, run + "-c1");
        assertThat(f.tagsFor("volume")).containsEntry(Labels.RUN, run).containsEntry(Labels.CLUSTER, run + "-c1");
        String userData = new String(Base64.getDecoder().decode(f.get("UserData")), StandardCharsets.UTF_8);
        assertThat(userData).startsWith("#!/bin/sh").contains("skyrun/" + run + "/" + run + "-c1/job.sh");

        assertThat(c.nodeIds()).hasSize(1);
        assertThat(c.placement().zone()).contains("us-east-1a");
        Ec2World.Inst inst = fake.ec2().instances.get(c.nodeIds().get(0));
        assertThat(inst.tags).containsEntry(Labels.NODE, "0");
        assertThat(fake.ec2().volumes.get(inst.volume).tags).containsEntry(Labels.NODE, "0").containsEntry(Labels.RUN, run);
        assertThat(fake.ec2().securityGroups.values()).singleElement().satisfies(g -> assertThat(g.tags()).containsEntry(Labels.RUN, run));
        assertThat(fake.actions("CreatePlacementGroup")).isEmpty();
    }

    @Test
    void aSpotPlacementPerRegionGoesToTheZoneWhosePriceItWasQuoted() throws Exception {
        var quoted = cloud.liveOfferings(List.of(new dev.skyrun.catalog.Offering("aws", "p3.2xlarge", Optional.of("V100"), 1, 8, 61,
                3.06, java.util.OptionalDouble.of(0.95), AwsFake.REGION, Optional.empty())));
        assertThat(quoted.get(0).spotPrice()).hasValue(0.871);

        Cluster c = cloud.provision(placement("p3.2xlarge", true, 1), request("tok-zone-" + run));

        assertThat(fake.actions("RunInstances").get(0).get("Placement.AvailabilityZone")).isEqualTo("us-east-1b");
        assertThat(c.placement().zone()).contains("us-east-1b");
    }

    @Test
    void onDemandHasNoMarketOptionsAndEfaMultiNodeGetsAPlacementGroup() throws Exception {
        Cluster c = cloud.provision(placement("p4d.24xlarge", false, 2), request("tok-od-" + run));
        Form f = fake.actions("RunInstances").get(0);
        assertThat(f.get("InstanceMarketOptions.MarketType")).isNull();
        assertThat(f.get("MinCount")).isEqualTo("2");
        assertThat(f.get("MaxCount")).isEqualTo("2");
        assertThat(f.get("Placement.GroupName")).isEqualTo("skyrun-" + run + "-c1");
        assertThat(c.nodeIds()).hasSize(2);
        assertThat(c.nodeIds().stream().map(id -> fake.ec2().instances.get(id).tags.get(Labels.NODE))).containsExactly("0", "1");
        assertThat(fake.ec2().instances.values()).allMatch(i -> i.zone.equals(f.get("Placement.AvailabilityZone")));
    }

    @Test
    void requestLimitExceededThriceThenSuccessKeepsTheClientTokenAndMakesOneInstance() throws Exception {
        fake.fail("RunInstances", "RequestLimitExceeded", 503, 3);
        Cluster c = cloud.provision(placement("p3.2xlarge", true, 1), request("tok-throttle"));
        List<Form> runs = fake.actions("RunInstances");
        assertThat(runs).hasSize(4);
        assertThat(runs).extracting(r -> r.get("ClientToken")).containsOnly("tok-throttle");
        assertThat(fake.ec2().instances).hasSize(1).containsKey(c.nodeIds().get(0));
    }

    @Test
    void aResumedLaunchAdoptsTheInstancesOfTheFirstByTagAndToken() throws Exception {
        Cluster first = cloud.provision(placement("p3.2xlarge", true, 1), request("tok-resume"));
        AwsCloud resumed = (AwsCloud) new AwsProvider().open(settings(fake));
        Cluster again = resumed.provision(placement("p3.2xlarge", true, 1), request("tok-resume"));
        resumed.close();
        assertThat(again.nodeIds()).isEqualTo(first.nodeIds());
        assertThat(fake.actions("RunInstances")).hasSize(1);
        assertThat(fake.ec2().instances).hasSize(1);
    }

    @Test
    void aLostRunInstancesAnswerIsRetriedWithTheSameTokenAndEc2ReturnsTheSameInstance() throws Exception {
        fake.fail("RunInstances", "InternalError", 500, 1);
        cloud.provision(placement("p3.2xlarge", true, 1), request("tok-5xx"));
        assertThat(fake.actions("RunInstances")).extracting(r -> r.get("ClientToken")).containsExactly("tok-5xx", "tok-5xx");
        assertThat(fake.ec2().instances).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
        "InsufficientInstanceCapacity, ZONE", "SpotMaxPriceTooLow, ZONE", "InsufficientCapacityOnHost, ZONE",
        "InstanceLimitExceeded, REGION", "MaxSpotInstanceCountExceeded, REGION", "VcpuLimitExceeded, REGION"})
    void capacityCodesBlockTheRightScope(String code, CapacityException.Scope scope) {
        fake.fail("RunInstances", code, 400, 1);
        assertThatThrownBy(() -> cloud.provision(placement("p3.2xlarge", true, 1), request("tok-" + code)))
                .isInstanceOfSatisfying(CapacityException.class, e -> assertThat(e.scope()).isEqualTo(scope))
                .hasMessageContaining("aws").hasMessageContaining(AwsFake.REGION).hasMessageContaining("RunInstances")
                .hasMessageContaining(code).hasMessageContaining("req-" + code);
        assertThat(fake.actions("RunInstances")).hasSize(1);
        assertThat(fake.ec2().instances).isEmpty();
        assertThat(fake.ec2().securityGroups).as("the failed launch removes the group it made").isEmpty();
    }

    @Test
    void aZoneWithoutCapacityIsNamedAndTheNextLaunchOfAPlacementPerRegionAvoidsIt() throws Exception {
        String a = AwsFake.REGION + "a";
        String b = AwsFake.REGION + "b";
        fake.fail("RunInstances", "InsufficientInstanceCapacity", 400, 1);
        assertThatThrownBy(() -> cloud.provision(placement("p3.2xlarge", false, 1), request("tok-z1")))
                .isInstanceOfSatisfying(CapacityException.class, e -> {
                    assertThat(e.scope()).isEqualTo(CapacityException.Scope.ZONE);
                    assertThat(e.zone()).contains(a);
                })
                .hasMessageContaining("InsufficientInstanceCapacity").hasMessageContaining("no capacity in " + a);

        Cluster c = cloud.provision(placement("p3.2xlarge", false, 1), request("tok-z2").avoiding(Set.of(a)));
        assertThat(c.placement().zone()).contains(b);
        assertThat(fake.actions("RunInstances")).extracting(r -> r.get("Placement.AvailabilityZone")).containsExactly(a, b);

        ClusterRequest other = new ClusterRequest(run, run + "-c2", "tok-z3", Labels.run(run), 300).avoiding(Set.of(a, b));
        assertThatThrownBy(() -> cloud.provision(placement("p3.2xlarge", false, 1), other))
                .isInstanceOfSatisfying(CapacityException.class, e -> assertThat(e.scope()).isEqualTo(CapacityException.Scope.REGION))
                .hasMessageContaining("p3.2xlarge (" + a + ", " + b + ")").hasMessageContaining("another region");
        assertThat(fake.actions("RunInstances")).as("nothing launched once every zone is avoided").hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"UnauthorizedOperation, 403", "AuthFailure, 401"})
    void credentialCodesBlockTheCloudAndSayWhatToFix(String code, int status) {
        fake.fail("RunInstances", code, status, 1);
        assertThatThrownBy(() -> cloud.provision(placement("p3.2xlarge", true, 1), request("tok-" + code)))
                .isInstanceOf(CredentialException.class)
                .hasMessageContaining(code).hasMessageContaining("req-" + code).hasMessageContaining("RunInstances")
                .hasMessageContaining("Fix:");
    }

    @Test
    void stateFollowsInstanceAndStatusObjectsToSuccess() throws Exception {
        fake.ec2().autoRun = false;
        Cluster c = cloud.provision(placement("p3.2xlarge", true, 1), request("tok-state"));
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Pending.class);
        fake.ec2().autoRun = true;
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Pending("node 0 booting: no heartbeat yet"));
        String node = "skyrun-state/skyrun/" + run + "/" + run + "-c1/node-0/";
        S3StoreIT_put(node + "heartbeat", Long.toString(Instant.now().getEpochSecond()));
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Running());
        S3StoreIT_put(node + "exit_code", "0");
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Succeeded());
    }

    @Test
    void nonZeroExitIsAnApplicationFailureAndAStaleHeartbeatIsLost() throws Exception {
        Cluster c = cloud.provision(placement("p3.2xlarge", false, 1), request("tok-fail"));
        String node = "skyrun-state/skyrun/" + run + "/" + run + "-c1/node-0/";
        S3StoreIT_put(node + "heartbeat", Long.toString(Instant.now().getEpochSecond() - 600));
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Lost.class);
        S3StoreIT_put(node + "exit_code", "3");
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Failed(3, "exit 3 on node 0"));
    }

    @Test
    void spotInterruptionIsPreemptedAndAPlainTerminationIsLost() throws Exception {
        Cluster spot = cloud.provision(placement("p3.2xlarge", true, 1), request("tok-spot"));
        fake.ec2().interrupt(spot.nodeIds().get(0));
        assertThat(cloud.state(spot)).isInstanceOfSatisfying(NodeState.Preempted.class,
                p -> assertThat(p.reason()).contains("Server.SpotInstanceTermination"));

        Cluster od = cloud.provision(placement("p3.2xlarge", false, 1),
                new ClusterRequest(run, run + "-c2", "tok-od", Labels.run(run), 0));
        fake.ec2().terminated(fake.ec2().instances.get(od.nodeIds().get(0)));
        assertThat(cloud.state(od)).isInstanceOf(NodeState.Lost.class);
    }

    @Test
    void aSpotRequestClosedByPriceOrTheNodesNoticeIsPreempted() throws Exception {
        Cluster c = cloud.provision(placement("p3.2xlarge", true, 1), request("tok-price"));
        Ec2World.Inst i = fake.ec2().instances.get(c.nodeIds().get(0));
        i.spotStatus = "instance-terminated-by-price";
        fake.ec2().terminated(i);
        assertThat(cloud.state(c)).isInstanceOfSatisfying(NodeState.Preempted.class,
                p -> assertThat(p.reason()).contains("instance-terminated-by-price"));

        Cluster n = cloud.provision(placement("p3.2xlarge", true, 1), new ClusterRequest(run, run + "-c3", "tok-n", Labels.run(run), 0));
        String node = "skyrun-state/skyrun/" + run + "/" + run + "-c3/node-0/";
        S3StoreIT_put(node + "heartbeat", Long.toString(Instant.now().getEpochSecond()));
        S3StoreIT_put(node + "preempting", "{\"action\": \"terminate\", \"time\": \"2026-11-23T10:00:00Z\"}");
        assertThat(cloud.state(n)).isInstanceOfSatisfying(NodeState.Preempted.class,
                p -> assertThat(p.reason()).contains("interruption notice").contains("terminate"));
    }

    @Test
    void downTerminatesAndVerifiesNothingIsLeft() throws Exception {
        Cluster c = cloud.provision(placement("p4d.24xlarge", true, 2), request("tok-down"));
        fake.ec2().volumes.get(fake.ec2().instances.get(c.nodeIds().get(1)).volume).deleteOnTermination = false;
        assertThat(cloud.findLabelled(Labels.run(run))).extracting(r -> r.kind())
                .contains("instance", "volume", "security-group", "placement-group");

        cloud.terminate(c);

        assertThat(fake.ec2().instances.values()).allMatch(i -> i.state.equals("terminated"));
        assertThat(fake.ec2().volumes).isEmpty();
        assertThat(fake.ec2().securityGroups).isEmpty();
        assertThat(fake.ec2().placementGroups).isEmpty();
        assertThat(cloud.findLabelled(Labels.run(run))).isEmpty();
        cloud.terminate(c);
        assertThat(fake.actions("TerminateInstances")).hasSize(1);
    }

    @Test
    void portsOpenInTheClustersGroupTheDiskTierPicksTheVolumeAndDownRemovesTheGroupWithItsRules() throws Exception {
        Placement p = placement("p3.2xlarge", false, 1);
        Placement withOptions = new Placement(p.cloud(), p.region(), p.zone(), p.instanceType(), p.spot(), p.accelerator(),
                p.vcpus(), p.memoryGib(), p.pricePerNode(), p.nodes(), p.why(), Optional.of(new NodeOptions(Optional.empty(),
                        List.of(new PortRange(8080, 8080), new PortRange(10000, 10010)), Optional.of(DiskTier.ULTRA))));

        Cluster c = cloud.provision(withOptions, request("tok-ports"));

        Form volume = fake.actions("RunInstances").get(0);
        assertThat(volume.get("BlockDeviceMapping.1.Ebs.VolumeType")).isEqualTo("io2");
        assertThat(volume.get("BlockDeviceMapping.1.Ebs.Iops")).isEqualTo("20000");
        String group = volume.get("SecurityGroupId.1");
        List<Form> ingress = fake.actions("AuthorizeSecurityGroupIngress");
        assertThat(ingress).hasSize(2).allSatisfy(f -> assertThat(f.get("GroupId")).isEqualTo(group));
        Form open = ingress.get(1);
        assertThat(open.get("IpPermissions.1.IpProtocol")).isEqualTo("tcp");
        assertThat(open.get("IpPermissions.1.FromPort")).isEqualTo("8080");
        assertThat(open.get("IpPermissions.1.ToPort")).isEqualTo("8080");
        assertThat(open.get("IpPermissions.1.IpRanges.1.CidrIp")).isEqualTo("0.0.0.0/0");
        assertThat(open.get("IpPermissions.2.FromPort")).isEqualTo("10000");
        assertThat(open.get("IpPermissions.2.ToPort")).isEqualTo("10010");

        cloud.terminate(c);

        assertThat(fake.actions("DeleteSecurityGroup")).extracting(f -> f.get("GroupId")).containsExactly(group);
        assertThat(fake.ec2().securityGroups).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"low, standard, , ", "medium, gp3, 3500, 218", "high, gp3, 7000, 437", "best, io2, 20000, "})
    void eachDiskTierIsTheEbsVolumeSkyPilotPicks(String tier, String type, String iops, String throughput) throws Exception {
        Placement p = placement("m6i.2xlarge", false, 1);
        cloud.provision(new Placement(p.cloud(), p.region(), p.zone(), p.instanceType(), p.spot(), p.accelerator(), p.vcpus(),
                p.memoryGib(), p.pricePerNode(), p.nodes(), p.why(), Optional.of(new NodeOptions(Optional.empty(), List.of(),
                        DiskTier.parse(tier)))), request("tok-" + tier));

        Form f = fake.actions("RunInstances").get(0);
        assertThat(f.get("BlockDeviceMapping.1.Ebs.VolumeType")).isEqualTo(type);
        assertThat(f.get("BlockDeviceMapping.1.Ebs.Iops")).isEqualTo(iops);
        assertThat(f.get("BlockDeviceMapping.1.Ebs.Throughput")).isEqualTo(throughput);
        assertThat(fake.actions("AuthorizeSecurityGroupIngress")).as("no port asked, none opened").hasSize(1);
    }

    @Test
    void downThatCannotConfirmTerminationSaysSo() throws Exception {
        Cluster c = cloud.provision(placement("p3.2xlarge", true, 1), request("tok-stuck"));
        fake.ec2().autoTerminate = false;
        assertThatThrownBy(() -> cloud.terminate(c)).isInstanceOf(CloudException.class)
                .hasMessageContaining(c.nodeIds().get(0)).hasMessageContaining("not terminated");
    }

    private static void S3StoreIT_put(String key, String value) throws Exception {
        new AwsProvider().store("s3", new CloudSettings("aws", Optional.empty(), Map.of(
                "s3_endpoint", "http://127.0.0.1:" + S3.getHttpPort(), "access_key_id", "a", "secret_access_key", "b")))
                .orElseThrow().put(key, value.getBytes(StandardCharsets.UTF_8));
    }
}

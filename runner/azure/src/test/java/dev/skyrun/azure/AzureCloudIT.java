package dev.skyrun.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.cloud.CapacityException;
import dev.skyrun.cloud.Cluster;
import dev.skyrun.cloud.CredentialException;
import dev.skyrun.cloud.Labels;
import dev.skyrun.cloud.NodeState;
import dev.skyrun.cloud.Placement;
import dev.skyrun.cloud.Secrets;
import dev.skyrun.exec.JobSpec;
import dev.skyrun.testkit.FakeHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Azure cloud through the real Azure SDK clients against a loopback Resource Manager fake
 * (long-running operations polled through {@code Azure-AsyncOperation}), a Key Vault fake and
 * azurite: what a create sends, reuse of the region's network, adoption by name, each error code's
 * block level, throttling, and a teardown that verifies the VM, its disk and NIC are gone.
 */
class AzureCloudIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    ArmFake arm;
    KeyVaultFake vault;
    Azurite blob;
    AzureCloud cloud;
    String container;
    String run;

    @BeforeEach
    void start() throws IOException {
        run = "az-" + UUID.randomUUID().toString().substring(0, 8);
        arm = new ArmFake();
        vault = new KeyVaultFake();
        blob = Azurite.shared();
        container = AzureTestSupport.container(blob);
        cloud = AzureTestSupport.cloud(arm, blob, container, vault.url());
    }

    @AfterEach
    void stop() {
        cloud.close();
        arm.http.close();
        vault.close();
    }

    @Test
    void aSpotVmIsCreatedTaggedWithTheBootstrapAsCustomDataAndTheSecretOnlyInKeyVault() throws Exception {
        Cluster c = cloud.provision(AzureTestSupport.t4("eastus", Optional.of("eastus-2"), true, 0.2), AzureTestSupport.request(run, "c1"));
        String canary = "canary-" + UUID.randomUUID();
        cloud.submit(c, job("echo hi"), Secrets.of(Map.of("HF_TOKEN", canary)));

        JsonNode vm = JSON.readTree(arm.requests("PUT", "virtualMachines").get(0).body());
        assertThat(vm.at("/properties/priority").asText()).isEqualTo("Spot");
        assertThat(vm.at("/properties/evictionPolicy").asText()).isEqualTo("Delete");
        assertThat(vm.at("/properties/billingProfile/maxPrice").asDouble()).isEqualTo(-1.0);
        assertThat(vm.at("/properties/hardwareProfile/vmSize").asText()).isEqualTo("Standard_NC4as_T4_v3");
        assertThat(vm.at("/zones/0").asText()).isEqualTo("2");
        assertThat(vm.at("/properties/storageProfile/osDisk/diskSizeGB").asInt()).isEqualTo(64);
        assertThat(vm.at("/properties/storageProfile/osDisk/deleteOption").asText()).isEqualTo("Delete");
        assertThat(vm.at("/properties/storageProfile/imageReference/offer").asText()).isEqualTo("ubuntu-hpc");
        assertThat(vm.at("/properties/networkProfile/networkInterfaces/0/properties/deleteOption").asText()).isEqualTo("Delete");
        assertThat(vm.at("/identity/type").asText()).isEqualTo("SystemAssigned");
        assertThat(vm.get("tags").toString()).contains("\"skyrun-run\":\"" + run + "\"", "\"skyrun-cluster\":\"c1\"", "\"skyrun-node\":\"0\"");
        String customData = new String(Base64.getDecoder().decode(vm.at("/properties/osProfile/customData").asText()), StandardCharsets.UTF_8);
        assertThat(customData).startsWith("#!/bin/sh").contains("until store_get '" + container + "' 'skyrun/" + run + "/c1/job.sh'");
        assertThat(arm.all("disks")).singleElement().satisfies(d -> assertThat(d.get("tags").toString()).contains(run));
        assertThat(arm.all("networkInterfaces")).singleElement().satisfies(d -> assertThat(d.get("tags").toString()).contains(run));
        // the create was a long-running operation, polled at its Azure-AsyncOperation URL until it succeeded
        assertThat(arm.http.requests()).filteredOn(r -> r.path().contains("/providers/fake/operations/")).hasSizeGreaterThanOrEqualTo(2);

        assertThat(arm.http.requests()).allSatisfy(r -> assertThat(r.body() + r.query() + r.headers()).doesNotContain(canary));
        String job = blob.client().getBlobContainerClient(container).getBlobClient("skyrun/" + run + "/c1/job.sh")
                .downloadContent().toString();
        assertThat(job).doesNotContain(canary).contains("secret_get 'HF_TOKEN'");
        assertThat(vault.secrets.values()).singleElement().satisfies(s -> {
            assertThat(s.get("value").asText()).isEqualTo(Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8)));
            assertThat(s.get("tags").toString()).contains(run);
        });
    }

    @Test
    void theRegionsNetworkIsCreatedOnceAndReusedAndARepeatedCreateAdoptsItsVm() throws Exception {
        cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), false, 0.5), AzureTestSupport.request(run, "c1"));
        cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), false, 0.5), AzureTestSupport.request(run, "c2"));
        Cluster again = cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), false, 0.5), AzureTestSupport.request(run, "c2"));

        assertThat(arm.requests("PUT", "virtualNetworks")).hasSize(1);
        assertThat(arm.requests("PUT", "networkSecurityGroups")).hasSize(1);
        assertThat(arm.http.requests()).filteredOn(r -> r.method().equals("PUT") && r.path().toLowerCase().endsWith("/resourcegroups/skyrun-eastus"))
                .hasSize(1);
        assertThat(arm.requests("PUT", "virtualMachines")).hasSize(2);
        assertThat(again.nodeIds()).containsExactly("skyrun-c2-0");
        JsonNode vm = JSON.readTree(arm.requests("PUT", "virtualMachines").get(0).body());
        assertThat(vm.at("/properties/priority").asText()).isEqualTo("Regular");
        assertThat(vm.has("zones")).isFalse();
    }

    @Test
    void downDeletesTheVmAndVerifiesItsDiskAndNicAreGoneAndRemovesLeftoversAndSecrets() throws Exception {
        Cluster c = cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));
        cloud.submit(c, job("echo hi"), Secrets.of(Map.of("HF_TOKEN", "hf_secret_value")));
        // a disk of the run that its VM's delete left behind (created with deleteOption Detach)
        var leftover = arm.all("disks").get(0).deepCopy();
        String leftoverId = leftover.get("id").asText().replace("-osdisk", "-old-osdisk");
        leftover.put("id", leftoverId).put("name", "skyrun-c1-0-old-osdisk");
        arm.resources.put(leftoverId.toLowerCase(), leftover);

        assertThat(cloud.findLabelled(Labels.run(run))).extracting(r -> r.kind()).containsExactlyInAnyOrder("vm", "nic", "disk", "disk");
        cloud.terminate(c);

        assertThat(arm.all("virtualMachines")).isEmpty();
        assertThat(arm.all("disks")).isEmpty();
        assertThat(arm.all("networkInterfaces")).isEmpty();
        assertThat(vault.secrets).isEmpty();
        assertThat(arm.requests("DELETE", "disks")).hasSize(1);
        assertThat(cloud.findLabelled(Labels.run(run))).isEmpty();
        assertThat(arm.all("virtualNetworks")).as("the region's network is shared, kept").hasSize(1);
    }

    @Test
    void aThrottledCreateIsRetriedAfterItsRetryAfterAndSucceeds() throws Exception {
        arm.fail(ArmFake.Fault.throttled("PUT", "virtualMachines", 1));
        long t0 = System.nanoTime();
        Cluster c = cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));

        List<FakeHttpServer.Request> puts = arm.requests("PUT", "virtualMachines");
        assertThat(puts).hasSize(2);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(c.nodeIds()).containsExactly("skyrun-c1-0");
        assertThat(arm.all("virtualMachines")).hasSize(1);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(ArmFake.Fault.http("PUT", "virtualMachines", 409, "SkuNotAvailable",
                        "The requested VM size Standard_NC4as_T4_v3 is currently not available in location 'eastus' zones '2'."),
                        Optional.of("eastus-2"), CapacityException.Scope.ZONE),
                Arguments.of(ArmFake.Fault.operation("virtualMachines", "ZonalAllocationFailed",
                        "Allocation failed. We do not have sufficient capacity for the requested VM size in this zone."),
                        Optional.of("eastus-2"), CapacityException.Scope.ZONE),
                Arguments.of(ArmFake.Fault.operation("virtualMachines", "AllocationFailed",
                        "Allocation failed. We do not have sufficient capacity for the requested VM size in this region."),
                        Optional.empty(), CapacityException.Scope.REGION),
                Arguments.of(ArmFake.Fault.http("PUT", "virtualMachines", 409, "OverconstrainedAllocationRequest",
                        "Allocation failed. VM(s) with the following constraints cannot be allocated."),
                        Optional.empty(), CapacityException.Scope.REGION),
                Arguments.of(ArmFake.Fault.http("PUT", "virtualMachines", 409, "QuotaExceeded",
                        "Operation could not be completed as it results in exceeding approved standardNCASv3_T4Family Cores quota."),
                        Optional.of("eastus-2"), CapacityException.Scope.REGION),
                Arguments.of(ArmFake.Fault.http("PUT", "virtualMachines", 409, "OperationNotAllowed",
                        "Operation could not be completed as it results in exceeding approved LowPriorityCores quota."),
                        Optional.empty(), CapacityException.Scope.REGION));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void eachCapacityErrorCodeBlocksItsScopeAndLeavesNothing(ArmFake.Fault fault, Optional<String> zone, CapacityException.Scope scope) {
        arm.fail(fault);
        assertThatThrownBy(() -> cloud.provision(AzureTestSupport.t4("eastus", zone, true, 0.2), AzureTestSupport.request(run, "c1")))
                .isInstanceOfSatisfying(CapacityException.class, e -> {
                    assertThat(e.scope()).isEqualTo(scope);
                    assertThat(e.getMessage()).contains(fault.code(), "azure eastus", "virtualMachines.createOrUpdate skyrun-c1-0");
                });
        assertThat(arm.all("virtualMachines")).isEmpty();
        assertThat(arm.all("networkInterfaces")).as("the NIC made for the VM is taken back").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("credentialErrors")
    void credentialErrorsBlockTheCloudWithTheFix(int status, String code) {
        arm.fail(ArmFake.Fault.http("PUT", "virtualMachines", status, code, "The client 'x' does not have authorization or the token is invalid."));
        assertThatThrownBy(() -> cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2),
                AzureTestSupport.request(run, "c1"))).isInstanceOf(CredentialException.class).hasMessageContaining(code)
                .hasMessageContaining("az login");
    }

    static Stream<Arguments> credentialErrors() {
        return Stream.of(Arguments.of(403, "AuthorizationFailed"), Arguments.of(401, "InvalidAuthenticationToken"),
                Arguments.of(404, "SubscriptionNotFound"));
    }

    @Test
    void aResumedLaunchAdoptsTheVmAnEarlierLaunchCreated() throws Exception {
        Cluster first = cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));
        try (AzureCloud resumed = AzureTestSupport.cloud(arm, blob, container, vault.url())) {
            Cluster again = resumed.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));
            assertThat(again.nodeIds()).isEqualTo(first.nodeIds());
            assertThat(again.attributes()).isEqualTo(first.attributes());
        }
        assertThat(arm.requests("PUT", "virtualMachines")).as("one create: the resumed launch found it by name").hasSize(1);
        assertThat(arm.all("virtualMachines")).singleElement().satisfies(vm -> assertThat(vm.get("tags").get("skyrun-intent").asText())
                .isEqualTo("intent-c1"));
    }

    @Test
    void theJobsStateLogAndExitCodeAreReadBackFromBlobByTheSharedStatusReader() throws Exception {
        Cluster c = cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));
        cloud.submit(c, job("python train.py"), Secrets.none());
        var node = blob.client().getBlobContainerClient(container);
        String prefix = "skyrun/" + run + "/c1/node-0/";
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Pending.class);
        node.getBlobClient(prefix + "heartbeat").upload(BinaryData.fromString(Long.toString(java.time.Instant.now().getEpochSecond())), true);
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Running());
        node.getBlobClient(prefix + "log").upload(BinaryData.fromString("skyrun: run\nepoch 1 loss 0.5\n"), true);
        node.getBlobClient(prefix + "exit_code").upload(BinaryData.fromString("0"), true);
        assertThat(cloud.state(c)).isEqualTo(new NodeState.Succeeded());
        List<dev.skyrun.cloud.LogLine> lines = new java.util.ArrayList<>();
        cloud.logs(c, dev.skyrun.cloud.LogQuery.all(), lines::add);
        assertThat(lines).extracting(dev.skyrun.cloud.LogLine::text).containsExactly("skyrun: run", "epoch 1 loss 0.5");
    }

    @Test
    void aMultiNodeClusterIsOneProximityPlacementGroupWhoseNodesKnowEachOthersAddressesAndDownRemovesIt() throws Exception {
        Placement two = new Placement("azure", "eastus", Optional.of("eastus-1"), "Standard_ND96isr_H100_v5", true,
                Optional.of(new dev.skyrun.spec.AcceleratorChoice("H100", 8)), 96, 1900, 30.0, 2, "test");
        Cluster c = cloud.provision(two, AzureTestSupport.request(run, "c1"));
        cloud.submit(c, job("torchrun train.py"), Secrets.none());

        assertThat(c.nodeIds()).containsExactly("skyrun-c1-0", "skyrun-c1-1");
        JsonNode group = JSON.readTree(arm.requests("PUT", "proximityPlacementGroups").get(0).body());
        assertThat(group.at("/properties/intent/vmSizes/0").asText()).isEqualTo("Standard_ND96isr_H100_v5");
        assertThat(group.at("/zones/0").asText()).isEqualTo("1");
        assertThat(arm.requests("PUT", "virtualMachines")).hasSize(2).allSatisfy(r -> {
            JsonNode vm = JSON.readTree(r.body());
            assertThat(vm.at("/properties/proximityPlacementGroup/id").asText()).endsWith("/proximityPlacementGroups/skyrun-c1-ppg");
            assertThat(vm.at("/zones/0").asText()).isEqualTo("1");
        });
        List<String> ips = arm.all("networkInterfaces").stream().sorted(java.util.Comparator.comparing(n -> n.get("name").asText()))
                .map(n -> n.at("/properties/ipConfigurations/0/properties/privateIPAddress").asText()).toList();
        String jobScript = blob.client().getBlobContainerClient(container).getBlobClient("skyrun/" + run + "/c1/job.sh")
                .downloadContent().toString();
        assertThat(jobScript).as("rank order").contains("SKYRUN_NODE_IPS='" + String.join("\n", ips) + "'");

        cloud.terminate(c);
        assertThat(arm.all("proximityPlacementGroups")).isEmpty();
        assertThat(arm.all("virtualMachines")).isEmpty();
    }

    @Test
    void portsAreOpenedByAClusterSecurityGroupWithAPublicIpPerNodeAndDownRemovesBoth() throws Exception {
        Placement withPorts = new Placement("azure", "eastus", Optional.empty(), "Standard_NC4as_T4_v3", true,
                Optional.of(new dev.skyrun.spec.AcceleratorChoice("T4", 1)), 4, 28, 0.2, 1, "test",
                Optional.of(new dev.skyrun.cloud.NodeOptions(Optional.empty(),
                        List.of(new dev.skyrun.spec.PortRange(8080, 8080), new dev.skyrun.spec.PortRange(9000, 9010)), Optional.empty())));
        Cluster c = cloud.provision(withPorts, AzureTestSupport.request(run, "c1"));

        JsonNode nsg = JSON.readTree(arm.requests("PUT", "networkSecurityGroups").stream()
                .filter(r -> r.path().endsWith("/skyrun-c1-nsg")).findFirst().orElseThrow().body());
        assertThat(nsg.at("/properties/securityRules")).extracting(r -> r.at("/properties/destinationPortRange").asText() + " "
                + r.at("/properties/access").asText() + " " + r.at("/properties/direction").asText() + " " + r.at("/properties/protocol").asText())
                .containsExactly("8080 Allow Inbound Tcp", "9000-9010 Allow Inbound Tcp");
        JsonNode nic = JSON.readTree(arm.requests("PUT", "networkInterfaces").get(0).body());
        assertThat(nic.at("/properties/networkSecurityGroup/id").asText()).endsWith("/skyrun-c1-nsg");
        assertThat(nic.at("/properties/ipConfigurations/0/properties/publicIPAddress/id").asText()).endsWith("/skyrun-c1-0-ip");
        assertThat(arm.all("publicIPAddresses")).singleElement().satisfies(ip -> assertThat(ip.get("tags").toString()).contains(run));

        cloud.terminate(c);
        assertThat(arm.all("publicIPAddresses")).isEmpty();
        assertThat(arm.all("networkSecurityGroups")).extracting(g -> g.get("name").asText()).containsExactly("skyrun-nsg");
    }

    @Test
    void aSweepFindsEveryRunsResourcesByTagWithoutLocalState() throws Exception {
        cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));
        cloud.provision(AzureTestSupport.t4("westus2", Optional.empty(), false, 0.5), AzureTestSupport.request(run + "-b", "c2"));
        try (AzureCloud fresh = AzureTestSupport.cloud(arm, blob, container, vault.url())) {
            var found = fresh.findLabelled(new Labels(Map.of(Labels.RUN, "")));
            assertThat(found).extracting(r -> r.kind() + " " + r.labels().get(Labels.RUN)).containsExactlyInAnyOrder(
                    "vm " + run, "nic " + run, "disk " + run, "vm " + run + "-b", "nic " + run + "-b", "disk " + run + "-b");
            found.forEach(fresh::remove);
        }
        assertThat(arm.all("virtualMachines")).isEmpty();
    }

    @Test
    void aVanishedSpotVmIsAPreemption() throws Exception {
        Cluster c = cloud.provision(AzureTestSupport.t4("eastus", Optional.empty(), true, 0.2), AzureTestSupport.request(run, "c1"));
        assertThat(cloud.state(c)).isInstanceOf(NodeState.Pending.class);
        arm.evict("skyrun-c1-0");
        assertThat(cloud.state(c)).isInstanceOfSatisfying(NodeState.Preempted.class,
                p -> assertThat(p.reason()).contains("Spot VM skyrun-c1-0 was evicted"));
    }

    private JobSpec job(String command) {
        return new JobSpec(run, "task-1", 1, "skyrun-test/job:1", Optional.empty(), command, Map.of(), List.of("HF_TOKEN"), List.of(),
                1, 0, 0, 0, "/checkpoints");
    }
}

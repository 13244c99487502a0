package dev.skyrun.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code catalog refresh azure} and {@code check azure} through the real clients: the Retail Prices
 * API as a loopback fake (documented item fields, {@code NextPageLink} paging, no credentials), the
 * resource SKUs, provider registration and usages from the Resource Manager fake, azurite as the
 * status container.
 */
class AzurePriceListIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    ArmFake arm;
    FakeHttpServer prices;
    Azurite blob;
    AzureCloud cloud;

    @BeforeEach
    void start() throws IOException {
        arm = new ArmFake();
        prices = FakeHttpServer.start();
        blob = Azurite.shared();
        Map<String, String> props = new HashMap<>(AzureTestSupport.properties(arm, blob, AzureTestSupport.container(blob), null));
        props.put("prices_endpoint", prices.uri().toString());
        cloud = (AzureCloud) new AzureProvider().open(new CloudSettings("azure", Optional.of(arm.http.uri()), props));
    }

    @AfterEach
    void stop() {
        cloud.close();
        arm.http.close();
        prices.close();
    }

    @Test
    void theRetailPricesPagesAndTheResourceSkusMakeOneOfferingPerSize() {
        prices.route(r -> r.path().equals("/api/retail/prices"), r -> {
            boolean second = r.params().containsKey("$skip");
            assertThat(r.params().get("$filter")).contains("armRegionName eq 'eastus'", "serviceName eq 'Virtual Machines'");
            assertThat(r.header("Authorization")).isNull();
            String next = second ? "null" : "\"" + prices.uri() + "/api/retail/prices?api-version=2023-01-01-preview&$filter="
                    + r.params().get("$filter").replace(" ", "%20").replace("'", "%27") + "&$skip=100\"";
            String items = second
                    ? item("Standard_NC4as_T4_v3", "NC4as T4 v3 Spot", "Virtual Machines NCasT4_v3 Series", 0.0526) + ","
                            + item("Standard_D2s_v5", "D2s v5", "Virtual Machines Dsv5 Series", 0.096)
                    : item("Standard_NC4as_T4_v3", "NC4as T4 v3", "Virtual Machines NCasT4_v3 Series", 0.526) + ","
                            + item("Standard_NC4as_T4_v3", "NC4as T4 v3", "Virtual Machines NCasT4_v3 Series Windows", 0.71) + ","
                            + item("Standard_NC4as_T4_v3", "NC4as T4 v3 Low Priority", "Virtual Machines NCasT4_v3 Series", 0.105) + ","
                            + item("Standard_E2s_v5", "E2s v5", "Virtual Machines Esv5 Series", 0.126);
            return Reply.json(200, "{\"BillingCurrency\":\"USD\",\"CustomerEntityId\":\"Default\",\"CustomerEntityType\":\"Retail\","
                    + "\"Items\":[" + items + "],\"NextPageLink\":" + next + ",\"Count\":" + (second ? 2 : 4) + "}");
        });
        sku("Standard_NC4as_T4_v3", 4, 28, 1);
        sku("Standard_D2s_v5", 2, 8, 0);

        List<Offering> offerings = cloud.priceList(List.of("eastus"));

        assertThat(offerings).containsExactly(
                new Offering("azure", "Standard_D2s_v5", Optional.empty(), 0, 2, 8, 0.096, OptionalDouble.empty(), "eastus", Optional.empty()),
                new Offering("azure", "Standard_NC4as_T4_v3", Optional.of("T4"), 1, 4, 28, 0.526, OptionalDouble.of(0.0526), "eastus",
                        Optional.empty()));
        assertThat(prices.requests()).hasSize(2);
    }

    @Test
    void checkFindsTheSubscriptionTheComputeProviderTheGpuQuotaAndTheContainerWithoutPrintingTheSubscription() {
        arm.http.route(r -> r.path().equals("/subscriptions/" + ArmFake.SUB + "/providers/Microsoft.Compute"),
                r -> Reply.json(200, "{\"id\":\"/subscriptions/" + ArmFake.SUB + "/providers/Microsoft.Compute\","
                        + "\"namespace\":\"Microsoft.Compute\",\"registrationState\":\"Registered\",\"resourceTypes\":[]}"));
        arm.http.route(r -> r.path().endsWith("/providers/Microsoft.Compute/locations/eastus/usages"),
                r -> Reply.json(200, "{\"value\":[{\"unit\":\"Count\",\"currentValue\":0,\"limit\":24,\"name\":{\"value\":"
                        + "\"standardNCASv3_T4Family\",\"localizedValue\":\"Standard NCASv3_T4 Family vCPUs\"}},{\"unit\":\"Count\","
                        + "\"currentValue\":4,\"limit\":10,\"name\":{\"value\":\"standardDSv5Family\",\"localizedValue\":\"x\"}}]}"));

        CredentialCheck check = cloud.check();

        assertThat(check.ok()).as(check.details().toString()).isTrue();
        assertThat(check.identity()).isEqualTo("subscription ****4444").doesNotContain(ArmFake.SUB);
        assertThat(check.details()).contains("Microsoft.Compute: registered")
                .anySatisfy(d -> assertThat(d).contains("standardNCASv3_T4Family 0/24").doesNotContain("standardDSv5Family"))
                .anySatisfy(d -> assertThat(d).startsWith("storage: container runs-").endsWith(" readable"));
    }

    private void sku(String name, int vcpus, int memory, int gpus) {
        ObjectNode sku = JSON.createObjectNode().put("resourceType", "virtualMachines").put("name", name).put("tier", "Standard");
        sku.putArray("locations").add("eastus");
        var caps = sku.putArray("capabilities");
        caps.addObject().put("name", "vCPUs").put("value", Integer.toString(vcpus));
        caps.addObject().put("name", "MemoryGB").put("value", Integer.toString(memory));
        if (gpus > 0) {
            caps.addObject().put("name", "GPUs").put("value", Integer.toString(gpus));
        }
        arm.resources.put("/subscriptions/" + ArmFake.SUB + "/providers/microsoft.compute/skus/" + name.toLowerCase(), sku);
    }

    private static String item(String size, String sku, String product, double price) {
        return "{\"currencyCode\":\"USD\",\"tierMinimumUnits\":0.0,\"retailPrice\":" + price + ",\"unitPrice\":" + price
                + ",\"armRegionName\":\"eastus\",\"location\":\"US East\",\"effectiveStartDate\":\"2024-01-01T00:00:00Z\","
                + "\"meterId\":\"m\",\"meterName\":\"" + sku + "\",\"productId\":\"p\",\"skuId\":\"s\",\"productName\":\"" + product
                + "\",\"skuName\":\"" + sku + "\",\"serviceName\":\"Virtual Machines\",\"serviceId\":\"DZH313Z7MMC8\","
                + "\"serviceFamily\":\"Compute\",\"unitOfMeasure\":\"1 Hour\",\"type\":\"Consumption\",\"isPrimaryMeterRegion\":true,"
                + "\"armSkuName\":\"" + size + "\"}";
    }
}

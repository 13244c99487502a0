package dev.skyrun.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.models.ResourceSkuCapabilities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Azure's offerings for {@code skyrun catalog refresh azure}: Linux VM prices per region from the
 * public Azure Retail Prices API (no credentials; {@code NextPageLink} paging; a size's
 * {@code "... Spot"} meter is its spot price, Windows and Low Priority meters are left out),
 * vCPUs, memory and GPU counts from the subscription's resource SKUs, the GPU model from the size's
 * name ({@link AzureGpus}). One offering per region and size that has both a price and a SKU.
 */
final class AzurePriceList {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A size's hardware, from its resource SKU. */
    private record Hardware(double vcpus, double memoryGib, double gpus) {}

    private final AzureConfig config;
    private final AzureClients clients;

    AzurePriceList(AzureConfig config, AzureClients clients) {
        this.config = config;
        this.clients = clients;
    }

    /** The offerings of {@code regions}, each region's sizes in name order. */
    List<Offering> offerings(List<String> regions) {
        HttpPipeline anonymous = clients.anonymousPipeline();
        List<Offering> out = new ArrayList<>();
        for (String region : regions) {
            Map<String, Hardware> hardware = hardware(region);
            Map<String, Double> onDemand = new TreeMap<>();
            Map<String, Double> spot = new HashMap<>();
            prices(anonymous, region, onDemand, spot);
            onDemand.forEach((size, price) -> {
                Hardware hw = hardware.get(size);
                if (hw == null) {
                    return;
                }
                Optional<String> gpu = hw.gpus() > 0 ? AzureGpus.model(size) : Optional.empty();
                out.add(new Offering(AzureProvider.NAME, size, gpu, gpu.isPresent() ? hw.gpus() : 0, hw.vcpus(), hw.memoryGib(), price,
                        spot.containsKey(size) ? OptionalDouble.of(spot.get(size)) : OptionalDouble.empty(), region, Optional.empty()));
            });
        }
        return out;
    }

    private void prices(HttpPipeline pipeline, String region, Map<String, Double> onDemand, Map<String, Double> spot) {
        String filter = "serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and armRegionName eq '" + region + "'";
        String next = config.settings().property("prices_endpoint").orElse("https://prices.azure.com").replaceAll("/+$", "")
                + "/api/retail/prices?api-version=2023-01-01-preview&$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)
                        .replace("+", "%20");
        for (int page = 0; next != null && !next.isBlank(); page++) {
            if (page > 500) {
                throw new CloudException("azure " + region + " retail prices: more than 500 pages; the API is not paging as documented");
            }
            JsonNode body = get(pipeline, next, region);
            for (JsonNode item : body.path("Items")) {
                row(item, onDemand, spot);
            }
            next = body.path("NextPageLink").isTextual() ? body.path("NextPageLink").asText() : null;
        }
    }

    /** Files one price item under on-demand or spot; other items are left out. */
    private static void row(JsonNode item, Map<String, Double> onDemand, Map<String, Double> spot) {
        String size = item.path("armSkuName").asText("");
        String sku = item.path("skuName").asText("");
        double price = item.path("retailPrice").asDouble(0);
        if (size.isEmpty() || price <= 0 || item.path("productName").asText("").contains("Windows") || sku.contains("Low Priority")
                || !item.path("unitOfMeasure").asText("").equals("1 Hour") || !item.path("type").asText("").equals("Consumption")) {
            return;
        }
        (sku.endsWith(" Spot") ? spot : onDemand).merge(size, price, Math::min);
    }

    private static JsonNode get(HttpPipeline pipeline, String url, String region) {
        try (HttpResponse r = pipeline.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
            String body = r.getBodyAsBinaryData().toString();
            if (r.getStatusCode() != 200) {
                throw new CloudException("azure " + region + " retail prices: HTTP " + r.getStatusCode() + ": " + AzureErrors.oneLine(body));
            }
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CloudException("azure " + region + " retail prices: the answer is not the documented JSON: " + e.getMessage(), e);
        }
    }

    /** vCPUs, memory and GPUs of the region's VM sizes, from the resource SKUs. */
    private Map<String, Hardware> hardware(String region) {
        Map<String, Hardware> out = new HashMap<>();
        try {
            for (ResourceSkuInner sku : clients.compute().getResourceSkus().list("location eq '" + region + "'", null, Context.NONE)) {
                if ("virtualMachines".equals(sku.resourceType()) && sku.name() != null) {
                    out.put(sku.name(), new Hardware(capability(sku, "vCPUs"), capability(sku, "MemoryGB"), capability(sku, "GPUs")));
                }
            }
            return out;
        } catch (RuntimeException e) {
            throw AzureErrors.unchecked(e, new AzureErrors.Context(region, "", "resourceSkus.list"));
        }
    }

    private static double capability(ResourceSkuInner sku, String name) {
        if (sku.capabilities() == null) {
            return 0;
        }
        for (ResourceSkuCapabilities c : sku.capabilities()) {
            if (name.equals(c.name())) {
                try {
                    return Double.parseDouble(c.value());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}

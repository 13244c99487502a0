package dev.skyrun.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The AWS Price List (Pricing API, JSON 1.1 protocol, target {@code AWSPriceListService.GetProducts})
 * as the fake answers it: EC2 and SageMaker (ML Instance, Training) products per region, each PriceList entry a JSON document in a
 * string, as AWS sends them, {@value #PAGE} per page with a NextToken.
 */
public final class PriceListFake {

    /** Entries per page, small so paging is exercised. */
    public static final int PAGE = 2;

    private record Product(String service, String type, int vcpus, String memory, String usdPerHour) {}

    private final Map<String, List<Product>> byRegion = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    /** Adds an on-demand Linux price of an instance type in a region ({@code memory} as AWS writes it: "61 GiB"). */
    public void add(String region, String type, int vcpus, String memory, String usdPerHour) {
        byRegion.computeIfAbsent(region, r -> new CopyOnWriteArrayList<>()).add(new Product("AmazonEC2", type, vcpus, memory, usdPerHour));
    }

    /** Adds a SageMaker on-demand training price of an {@code ml.*} type in a region (product family ML Instance). */
    public void addSageMaker(String region, String type, int vcpus, String memory, String usdPerHour) {
        byRegion.computeIfAbsent(region, r -> new CopyOnWriteArrayList<>()).add(new Product("AmazonSageMaker", type, vcpus, memory,
                usdPerHour));
    }

    /** Answers one GetProducts request body. */
    String getProducts(JsonNode body) {
        String region = null;
        for (JsonNode f : body.path("Filters")) {
            if (f.path("Field").asText().equals("regionCode")) {
                region = f.path("Value").asText();
            }
        }
        String service = body.path("ServiceCode").asText();
        List<Product> all = byRegion.getOrDefault(region, List.of()).stream().filter(p -> p.service().equals(service)).toList();
        int from = body.hasNonNull("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
        ObjectNode out = json.createObjectNode().put("FormatVersion", "aws_v1");
        var list = out.putArray("PriceList");
        for (Product p : all.subList(Math.min(from, all.size()), Math.min(from + PAGE, all.size()))) {
            list.add(entry(p, region));
        }
        if (from + PAGE < all.size()) {
            out.put("NextToken", Integer.toString(from + PAGE));
        }
        return out.toString();
    }

    private String entry(Product p, String region) {
        String sku = "SKU" + Math.abs((region + p.type()).hashCode());
        ObjectNode doc = json.createObjectNode();
        boolean ec2 = p.service().equals("AmazonEC2");
        ObjectNode product = doc.putObject("product").put("productFamily", ec2 ? "Compute Instance" : "ML Instance").put("sku", sku);
        if (ec2) {
            product.putObject("attributes").put("instanceType", p.type()).put("vcpu", Integer.toString(p.vcpus()))
                    .put("memory", p.memory()).put("regionCode", region).put("operatingSystem", "Linux").put("tenancy", "Shared")
                    .put("preInstalledSw", "NA").put("capacitystatus", "Used").put("servicecode", "AmazonEC2");
        } else {
            product.putObject("attributes").put("instanceName", p.type()).put("vCpu", Integer.toString(p.vcpus()))
                    .put("memory", p.memory()).put("regionCode", region).put("component", "Training")
                    .put("usagetype", "USE1-Train:" + p.type()).put("servicecode", "AmazonSageMaker");
        }
        doc.put("serviceCode", p.service()).put("version", "20261101").put("publicationDate", "2026-11-01T00:00:00Z");
        ObjectNode term = doc.putObject("terms").putObject("OnDemand").putObject(sku + ".JRTCKXETXF");
        term.put("sku", sku).put("offerTermCode", "JRTCKXETXF").put("effectiveDate", "2026-11-01T00:00:00Z");
        term.putObject("priceDimensions").putObject(sku + ".JRTCKXETXF.6YS6EN2CT7").put("unit", "Hrs")
                .put("description", "$" + p.usdPerHour() + " per On Demand Linux " + p.type() + " Instance Hour")
                .putObject("pricePerUnit").put("USD", p.usdPerHour());
        return doc.toString();
    }

    /** The regions asked for, one per GetProducts call, in order. */
    static List<String> regions(List<JsonNode> bodies) {
        List<String> out = new ArrayList<>();
        bodies.forEach(b -> b.path("Filters").forEach(f -> {
            if (f.path("Field").asText().equals("regionCode")) {
                out.add(f.path("Value").asText());
            }
        }));
        return out;
    }
}

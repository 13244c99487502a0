package dev.skyrun.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;

/**
 * AWS's offerings for {@code skyrun catalog refresh aws}: on-demand Linux prices of every
 * instance type per region from the Price List (Pricing API GetProducts, each PriceList entry a
 * JSON document), accelerators from EC2 DescribeInstanceTypes (GPUs, Neuron devices: Trainium,
 * Inferentia) and today's spot prices (DescribeSpotPriceHistory, cheapest zone), one offering
 * per region and type.
 */
final class AwsPriceList {

    /** A type's on-demand row of the price list. */
    private record OnDemand(double vcpus, double memoryGib, double price) {}

    private final PricingClient pricing;
    private final Function<String, Ec2Client> ec2;
    private final Function<String, AwsErrors> errors;
    private final String homeRegion;
    private final ObjectMapper json = new ObjectMapper();

    AwsPriceList(PricingClient pricing, Function<String, Ec2Client> ec2, Function<String, AwsErrors> errors, String homeRegion) {
        this.pricing = pricing;
        this.ec2 = ec2;
        this.errors = errors;
        this.homeRegion = homeRegion;
    }

    /** The offerings of {@code regions}, each region's types in name order. */
    List<Offering> offerings(List<String> regions) {
        Map<String, Ec2Accelerators.Accelerator> accelerators = Ec2Accelerators.describe(ec2.apply(homeRegion), errors.apply(homeRegion));
        List<Offering> out = new ArrayList<>();
        for (String region : regions) {
            Map<String, OnDemand> onDemand = onDemand(region);
            Map<String, Map<String, Double>> spot = spot(region);
            onDemand.forEach((type, od) -> {
                Optional<Ec2Accelerators.Accelerator> acc = Optional.ofNullable(accelerators.get(type));
                OptionalDouble cheapestSpot = spot.getOrDefault(type, Map.of()).values().stream().mapToDouble(Double::doubleValue).min();
                out.add(new Offering(AwsProvider.NAME, type, acc.map(Ec2Accelerators.Accelerator::name),
                        acc.map(Ec2Accelerators.Accelerator::count).orElse(0.0), od.vcpus(), od.memoryGib(), od.price(),
                        cheapestSpot, region, Optional.empty()));
            });
        }
        return out;
    }

    private Map<String, OnDemand> onDemand(String region) {
        List<String> entries = errors.apply("us-east-1").call("pricing:GetProducts", () -> pricing.getProductsPaginator(r -> r
                .serviceCode("AmazonEC2").formatVersion("aws_v1").filters(
                        term("regionCode", region), term("operatingSystem", "Linux"), term("tenancy", "Shared"),
                        term("preInstalledSw", "NA"), term("capacitystatus", "Used"), term("licenseModel", "No License required")))
                .priceList().stream().toList());
        Map<String, OnDemand> out = new TreeMap<>();
        for (String entry : entries) {
            parse(entry, region).ifPresent(row -> out.putIfAbsent(row.getKey(), row.getValue()));
        }
        return out;
    }

    static Filter term(String field, String value) {
        return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
    }

    /** One PriceList entry as (type, on-demand row); empty for rows that are not an hourly instance price. */
    private Optional<Map.Entry<String, OnDemand>> parse(String entry, String region) {
        try {
            JsonNode doc = json.readTree(entry);
            JsonNode attrs = doc.path("product").path("attributes");
            String type = attrs.path("instanceType").asText("");
            if (type.isEmpty() || !doc.path("product").path("productFamily").asText().equals("Compute Instance")) {
                return Optional.empty();
            }
            for (JsonNode term : doc.path("terms").path("OnDemand")) {
                for (JsonNode dim : term.path("priceDimensions")) {
                    double usd = Double.parseDouble(dim.path("pricePerUnit").path("USD").asText("NaN"));
                    if (dim.path("unit").asText().equals("Hrs") && usd > 0) {
                        return Optional.of(Map.entry(type, new OnDemand(number(attrs.path("vcpu").asText()),
                                number(attrs.path("memory").asText()), usd)));
                    }
                }
            }
            return Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            throw new CloudException("aws " + region + " pricing:GetProducts: a PriceList entry is not the documented JSON: "
                    + e.getMessage(), e);
        }
    }

    /** {@code "61 GiB"}, {@code "1,952 GiB"}, {@code "8"} as a number. */
    static double number(String text) {
        String digits = text.replace(",", "").replaceAll("[^0-9.].*$", "").strip();
        return digits.isEmpty() ? 0 : Double.parseDouble(digits);
    }

    private Map<String, Map<String, Double>> spot(String region) {
        return SpotPrices.latest(errors.apply(region).call("DescribeSpotPriceHistory", () -> ec2.apply(region)
                .describeSpotPriceHistoryPaginator(r -> r.productDescriptions(SpotPrices.LINUX).startTime(Instant.now()))
                .spotPriceHistory().stream().toList()));
    }
}

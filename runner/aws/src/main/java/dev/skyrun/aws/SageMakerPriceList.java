package dev.skyrun.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.catalog.Catalog;
import dev.skyrun.catalog.CatalogLoader;
import dev.skyrun.catalog.Offering;
import dev.skyrun.catalog.Selection;
import dev.skyrun.cloud.CloudException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * SageMaker's offerings for {@code skyrun catalog refresh sagemaker}: the on-demand training price
 * of every {@code ml.*} instance type per region from the AWS Price List (GetProducts, service code
 * {@code AmazonSageMaker}, product family {@code ML Instance}, component {@code Training}).
 * Accelerators come from the EC2 type of the same name ({@code ml.trn1.32xlarge} is
 * {@code trn1.32xlarge}: 16 Trainium) in the bundled {@code aws} catalog. The Price List has no
 * managed-spot price (SageMaker bills spot at EC2's spot discount of the day): the spot price is
 * the on-demand price times the EC2 type's spot-to-on-demand ratio in that catalog, an estimate.
 */
final class SageMakerPriceList {

    private final PricingClient pricing;
    private final AwsErrors errors;
    private final ObjectMapper json = new ObjectMapper();

    SageMakerPriceList(PricingClient pricing, AwsErrors errors) {
        this.pricing = pricing;
        this.errors = errors;
    }

    /** The offerings of {@code regions}, each region's types in name order. */
    List<Offering> offerings(List<String> regions) {
        Catalog ec2 = CatalogLoader.bundled(Selection.clouds(Set.of(AwsProvider.NAME)));
        List<Offering> out = new ArrayList<>();
        for (String region : regions) {
            Map<String, Offering> rows = new TreeMap<>();
            List<String> entries = errors.call("pricing:GetProducts AmazonSageMaker " + region, () -> pricing.getProductsPaginator(r -> r
                    .serviceCode("AmazonSageMaker").formatVersion("aws_v1").filters(AwsPriceList.term("regionCode", region),
                            AwsPriceList.term("productFamily", "ML Instance"), AwsPriceList.term("component", "Training")))
                    .priceList().stream().toList());
            for (String entry : entries) {
                parse(entry, region, ec2).ifPresent(o -> rows.putIfAbsent(o.instanceType(), o));
            }
            out.addAll(rows.values());
        }
        return out;
    }

    private Optional<Offering> parse(String entry, String region, Catalog ec2) {
        try {
            JsonNode doc = json.readTree(entry);
            JsonNode attrs = doc.path("product").path("attributes");
            String type = attrs.path("instanceName").asText(attrs.path("instanceType").asText(""));
            if (!type.startsWith("ml.")) {
                return Optional.empty();
            }
            OptionalDouble usd = hourly(doc.path("terms").path("OnDemand"));
            if (usd.isEmpty()) {
                return Optional.empty();
            }
            Optional<Offering> twin = ec2.withInstanceType(type.substring(3)).stream().filter(o -> o.region().equals(region))
                    .findFirst().or(() -> ec2.withInstanceType(type.substring(3)).stream().findFirst());
            OptionalDouble spot = twin.filter(t -> t.spotPrice().isPresent() && t.onDemandPrice() > 0)
                    .map(t -> OptionalDouble.of(round(usd.getAsDouble() * t.spotPrice().getAsDouble() / t.onDemandPrice())))
                    .orElse(OptionalDouble.empty());
            return Optional.of(new Offering(SageMakerProvider.NAME, type, twin.flatMap(Offering::acceleratorName),
                    twin.map(Offering::acceleratorCount).orElse(0.0), AwsPriceList.number(attrs.path("vCpu").asText()),
                    AwsPriceList.number(attrs.path("memory").asText()), usd.getAsDouble(), spot, region, Optional.empty()));
        } catch (IOException | RuntimeException e) {
            throw new CloudException("sagemaker " + region + " pricing:GetProducts: a PriceList entry is not the documented JSON: "
                    + e.getMessage(), e);
        }
    }

    private static OptionalDouble hourly(JsonNode onDemand) {
        for (JsonNode term : onDemand) {
            for (JsonNode dim : term.path("priceDimensions")) {
                double usd = Double.parseDouble(dim.path("pricePerUnit").path("USD").asText("NaN"));
                if (dim.path("unit").asText().startsWith("Hr") && usd > 0) {
                    return OptionalDouble.of(usd);
                }
            }
        }
        return OptionalDouble.empty();
    }

    private static double round(double usd) {
        return Math.round(usd * 100000) / 100000.0;
    }
}

package dev.skyrun.aws;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalDouble;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/**
 * Today's spot prices for the offerings a plan is about to try, from DescribeSpotPriceHistory
 * (the latest Linux/UNIX price per type and zone), cached per region and type for a TTL in a
 * {@link SpotPriceCache} (a file under skyrun's home), so planning twice in a few minutes, even
 * from two commands, asks once. An offering with a zone gets that zone's price; one without
 * (catalogs per region) gets the cheapest zone's.
 */
final class SpotPrices {

    /** The product description of the prices skyrun pays: Linux on shared tenancy. */
    static final String LINUX = "Linux/UNIX";

    private final Function<String, Ec2Client> ec2ByRegion;
    private final Function<String, AwsErrors> errorsByRegion;
    private final Clock clock;
    private final Duration ttl;
    private final SpotPriceCache cache;

    SpotPrices(Function<String, Ec2Client> ec2ByRegion, Function<String, AwsErrors> errorsByRegion, Clock clock, Duration ttl,
            SpotPriceCache cache) {
        this.ec2ByRegion = ec2ByRegion;
        this.errorsByRegion = errorsByRegion;
        this.clock = clock;
        this.ttl = ttl;
        this.cache = cache;
    }

    /** The candidates with live spot prices where AWS has one; others come back as given. */
    List<Offering> refresh(List<Offering> candidates) {
        Instant asOf = clock.instant();
        Map<String, List<String>> missing = new HashMap<>();
        for (Offering o : candidates) {
            if (o.cloud().equals(AwsProvider.NAME) && o.spotPrice().isPresent() && fresh(o, asOf).isEmpty()) {
                List<String> types = missing.computeIfAbsent(o.region(), r -> new ArrayList<>());
                if (!types.contains(o.instanceType())) {
                    types.add(o.instanceType());
                }
            }
        }
        missing.forEach((region, types) -> {
            try {
                fetch(region, types);
            } catch (CloudException e) {
                // offline, throttled or not allowed here: this region keeps its catalog prices
            }
        });
        List<Offering> out = new ArrayList<>(candidates.size());
        for (Offering o : candidates) {
            out.add(o.cloud().equals(AwsProvider.NAME) && o.spotPrice().isPresent() ? priced(o, asOf) : o);
        }
        return out;
    }

    /** The zone of {@code region} but those in {@code avoid} with the lowest spot price of {@code type} skyrun last saw, if any. */
    Optional<String> cheapestZone(String region, String type, Set<String> avoid) {
        return cache.get(region, type).flatMap(e -> e.byZone().entrySet().stream().filter(z -> !avoid.contains(z.getKey()))
                .min(Map.Entry.comparingByValue())).map(Map.Entry::getKey);
    }

    /** The cached prices of an offering if fetched within the TTL before {@code asOf}, or since. */
    private Optional<SpotPriceCache.Entry> fresh(Offering o, Instant asOf) {
        return cache.get(o.region(), o.instanceType()).filter(e -> !e.fetched().isBefore(asOf) || e.fetched().plus(ttl).isAfter(asOf));
    }

    private void fetch(String region, List<String> types) {
        Instant now = clock.instant();
        var history = errorsByRegion.apply(region).call("DescribeSpotPriceHistory", () -> ec2ByRegion.apply(region)
                .describeSpotPriceHistoryPaginator(r -> r.instanceTypesWithStrings(types).productDescriptions(LINUX)
                        .startTime(now)).spotPriceHistory().stream().toList());
        Map<String, Map<String, Double>> latest = latest(history);
        Map<String, Map<String, Double>> byType = new HashMap<>();
        for (String type : types) {
            byType.put(type, latest.getOrDefault(type, Map.of()));
        }
        cache.putAll(region, byType, now);
    }

    /** The newest price of each instance type in each zone: type to (zone to USD per hour). */
    static Map<String, Map<String, Double>> latest(List<SpotPrice> history) {
        Map<String, Map<String, Double>> latest = new HashMap<>();
        Map<String, Instant> seen = new HashMap<>();
        for (SpotPrice p : history) {
            String key = p.instanceTypeAsString() + "/" + p.availabilityZone();
            if (seen.get(key) == null || p.timestamp().isAfter(seen.get(key))) {
                seen.put(key, p.timestamp());
                latest.computeIfAbsent(p.instanceTypeAsString(), t -> new HashMap<>()).put(p.availabilityZone(), Double.parseDouble(p.spotPrice()));
            }
        }
        return latest;
    }

    private Offering priced(Offering o, Instant asOf) {
        Map<String, Double> byZone = fresh(o, asOf).map(SpotPriceCache.Entry::byZone).orElse(Map.of());
        OptionalDouble price = o.zone().isPresent()
                ? Optional.ofNullable(byZone.get(o.zone().get())).map(OptionalDouble::of).orElse(OptionalDouble.empty())
                : byZone.values().stream().mapToDouble(Double::doubleValue).min();
        if (price.isEmpty()) {
            return o;
        }
        return new Offering(o.cloud(), o.instanceType(), o.acceleratorName(), o.acceleratorCount(), o.vcpus(), o.memoryGib(),
                o.onDemandPrice(), price, o.region(), o.zone());
    }
}

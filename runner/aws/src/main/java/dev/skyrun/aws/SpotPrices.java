package dev.skyrun.aws;

import dev.skyrun.catalog.Offering;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/**
 * Today's spot prices for the offerings a plan is about to try, from DescribeSpotPriceHistory
 * (the latest Linux/UNIX price per type and zone), cached per region and type for a TTL so
 * planning twice in a minute asks once.
 */
final class SpotPrices {

    private record Entry(Instant fetched, Map<String, Double> byZone) {}

    private final Function<String, Ec2Client> ec2ByRegion;
    private final Function<String, AwsErrors> errorsByRegion;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    SpotPrices(Function<String, Ec2Client> ec2ByRegion, Function<String, AwsErrors> errorsByRegion, Clock clock, Duration ttl) {
        this.ec2ByRegion = ec2ByRegion;
        this.errorsByRegion = errorsByRegion;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The candidates with live spot prices where AWS has one; others come back as given. */
    List<Offering> refresh(List<Offering> candidates) {
        Map<String, List<String>> missing = new HashMap<>();
        for (Offering o : candidates) {
            if (o.cloud().equals(AwsProvider.NAME) && o.spotPrice().isPresent() && fresh(o).isEmpty()) {
                List<String> types = missing.computeIfAbsent(o.region(), r -> new ArrayList<>());
                if (!types.contains(o.instanceType())) {
                    types.add(o.instanceType());
                }
            }
        }
        missing.forEach(this::fetch);
        List<Offering> out = new ArrayList<>(candidates.size());
        for (Offering o : candidates) {
            out.add(o.cloud().equals(AwsProvider.NAME) && o.spotPrice().isPresent() ? priced(o) : o);
        }
        return out;
    }

    private Optional<Entry> fresh(Offering o) {
        Entry e = cache.get(o.region() + "/" + o.instanceType());
        return e != null && e.fetched().plus(ttl).isAfter(clock.instant()) ? Optional.of(e) : Optional.empty();
    }

    private void fetch(String region, List<String> types) {
        Instant now = clock.instant();
        Map<String, Map<String, Double>> latest = new HashMap<>();
        Map<String, Instant> seen = new HashMap<>();
        var history = errorsByRegion.apply(region).call("DescribeSpotPriceHistory", () -> ec2ByRegion.apply(region)
                .describeSpotPriceHistoryPaginator(r -> r.instanceTypesWithStrings(types).productDescriptions("Linux/UNIX")
                        .startTime(now)).spotPriceHistory().stream().toList());
        for (SpotPrice p : history) {
            String key = p.instanceTypeAsString() + "/" + p.availabilityZone();
            if (seen.get(key) == null || p.timestamp().isAfter(seen.get(key))) {
                seen.put(key, p.timestamp());
                latest.computeIfAbsent(p.instanceTypeAsString(), t -> new HashMap<>()).put(p.availabilityZone(), Double.parseDouble(p.spotPrice()));
            }
        }
        for (String type : types) {
            cache.put(region + "/" + type, new Entry(now, Map.copyOf(latest.getOrDefault(type, Map.of()))));
        }
    }

    private Offering priced(Offering o) {
        Map<String, Double> byZone = fresh(o).map(Entry::byZone).orElse(Map.of());
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

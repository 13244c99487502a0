package dev.skyrun.lambda;

import dev.skyrun.catalog.Offering;
import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@code instance-types} tells beyond launching: today's prices for the plan
 * ({@link #reprice}), the offerings of {@code skyrun catalog refresh lambda} ({@link #offerings})
 * and what {@code skyrun check lambda} reports ({@link #check}).
 *
 * @param api the API client
 * @param errors how calls are retried and translated
 */
record LambdaCatalog(LambdaApi api, LambdaErrors errors) {

    /** {@code 1x A100 (40 GB SXM4)}: the accelerator's name is the word after the count. */
    private static final Pattern ACCELERATOR = Pattern.compile("^\\d+x\\s+(\\S+)");

    /** The candidates with Lambda's price of today; those of types it does not list come back as given. */
    List<Offering> reprice(List<Offering> candidates) {
        Map<String, LambdaApi.InstanceType> types = types();
        return candidates.stream().map(o -> Optional.ofNullable(types.get(o.instanceType())).filter(t -> t.priceCentsPerHour() > 0)
                .map(t -> new Offering(o.cloud(), o.instanceType(), o.acceleratorName(), o.acceleratorCount(), o.vcpus(),
                        o.memoryGib(), t.pricePerHour(), o.spotPrice(), o.region(), o.zone())).orElse(o)).toList();
    }

    /** Every instance type in each of {@code regions} (Lambda prices a type the same everywhere); no spot. */
    List<Offering> offerings(List<String> regions) {
        List<Offering> out = new ArrayList<>();
        for (LambdaApi.InstanceType t : types().values()) {
            List<String> where = regions.isEmpty() ? t.regionsWithCapacity() : regions;
            for (String region : where) {
                out.add(new Offering(LambdaProvider.NAME, t.name(), accelerator(t), t.gpus(), t.vcpus(), t.memoryGib(),
                        t.pricePerHour(), OptionalDouble.empty(), region, Optional.empty()));
            }
        }
        return out;
    }

    /** {@code skyrun check lambda}: the key works (instance types), SSH keys and file systems can be listed. */
    CredentialCheck check(boolean keyConfigured) {
        if (!keyConfigured) {
            return new CredentialCheck(LambdaProvider.NAME, false, "no API key", List.of("api key: missing. " + LambdaErrors.KEY_FIX));
        }
        List<String> details = new ArrayList<>();
        try {
            List<LambdaApi.InstanceType> types = List.copyOf(types().values());
            long available = types.stream().filter(t -> !t.regionsWithCapacity().isEmpty()).count();
            details.add("instance types: ok (" + types.size() + ", " + available + " with capacity now)");
        } catch (CloudException e) {
            details.add("instance types: " + e.getMessage());
            return new CredentialCheck(LambdaProvider.NAME, false, "API key refused or API unreachable", details);
        }
        details.add(line("ssh keys", () -> api.sshKeys().size() + " registered"));
        details.add(line("file systems", () -> api.fileSystems().size() + " found"));
        return new CredentialCheck(LambdaProvider.NAME, true, "API key (LAMBDA_API_KEY or ~/.lambda_cloud/lambda_keys)", details);
    }

    private String line(String what, java.util.function.Supplier<String> call) {
        try {
            return what + ": ok (" + errors.call(what, "-", call) + ")";
        } catch (CloudException e) {
            return what + ": " + e.getMessage();
        }
    }

    private Map<String, LambdaApi.InstanceType> types() {
        return errors.call("instance-types", "-", api::instanceTypes).stream()
                .collect(Collectors.toMap(LambdaApi.InstanceType::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static Optional<String> accelerator(LambdaApi.InstanceType t) {
        if (t.gpus() <= 0) {
            return Optional.empty();
        }
        Matcher m = ACCELERATOR.matcher(t.description().strip());
        return m.find() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty();
    }
}

package dev.skyrun.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skyrun.schema.Problem;
import dev.skyrun.schema.SourceMap;
import dev.skyrun.schema.Suggestions;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Checks the region and zone a {@code resources} block pins ({@code infra: cloud/region/zone}, or
 * {@code region:}/{@code zone:}) against the clouds of the catalog the command plans on ({@link CatalogPlaces}): {@code infra: aws/us-central1}
 * is refused at its line, with the nearest regions of that cloud as the hint.
 */
final class PlaceChecks {

    private final SourceMap map;
    private final List<Problem> problems;
    private final CatalogPlaces catalog;

    PlaceChecks(SourceMap map, List<Problem> problems, CatalogPlaces catalog) {
        this.map = map;
        this.problems = problems;
        this.catalog = catalog;
    }

    /** Checks {@code r} (at {@code pointer}), whose cloud is {@code cloud} (its own or inherited; null for any). */
    void check(JsonNode r, String pointer, String cloud) {
        String[] infra = ResourcesReader.infra(r.path("infra"));
        boolean fromInfra = infra[1] != null || infra[2] != null;
        String region = fromInfra ? infra[1] : text(r, "region");
        String zone = fromInfra ? infra[2] : text(r, "zone");
        if (cloud == null || (region == null && zone == null) || "local".equals(cloud)) {
            return;
        }
        Optional<CatalogPlaces.Places> places = catalog.of(cloud);
        if (places.isEmpty()) {
            return;
        }
        String at = fromInfra ? SourceMap.child(pointer, "infra") : null;
        if (region != null && !places.get().zones().containsKey(region)) {
            problems.add(Problem.of(map.value(at != null ? at : SourceMap.child(pointer, "region")),
                    "region '" + region + "' is not a region of " + cloud + " in the catalog",
                    hint(region, places.get().regions(), cloud + " regions")));
            return;
        }
        if (zone != null) {
            SortedSet<String> zones = region != null ? places.get().zones().get(region) : places.get().allZones();
            if (!zones.contains(zone)) {
                problems.add(Problem.of(map.value(at != null ? at : SourceMap.child(pointer, "zone")),
                        "zone '" + zone + "' is not a zone of " + cloud + (region != null ? " " + region : "") + " in the catalog",
                        hint(zone, zones, "zones")));
            }
        }
    }

    private static String hint(String name, SortedSet<String> known, String what) {
        return Suggestions.hint(name, known).orElse(known.isEmpty() ? "the catalog lists none"
                : what + ": " + String.join(", ", known.stream().limit(8).toList()) + (known.size() > 8 ? ", ..." : ""));
    }

    private static String text(JsonNode r, String field) {
        return r.path(field).isTextual() && !"*".equals(r.path(field).asText()) ? r.path(field).asText() : null;
    }
}

package dev.skyrun.run;

import dev.skyrun.cloud.Placement;
import dev.skyrun.recovery.Decision;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks a run's plan as the recovery decisions say: the same placement again until something
 * of it is blocked, then the first placement of the plan that is not (of the preferred region
 * first, after a FAILOVER preemption; outside the avoided region, after an EAGER_NEXT_REGION
 * one, unless nothing else is left).
 */
final class PlacementCursor {

    private List<Placement> plan;
    private final Set<String> blocked = new LinkedHashSet<>();
    private Optional<String> preferredRegion = Optional.empty();
    private Optional<String> avoidedRegion = Optional.empty();
    private Placement last;

    PlacementCursor(List<Placement> plan) {
        this.plan = List.copyOf(plan);
    }

    /** The plan. */
    List<Placement> plan() {
        return plan;
    }

    /** The placement to try next, if any is left. */
    Optional<Placement> next() {
        Optional<Placement> p = last != null && !isBlocked(last) && !avoided(last) ? Optional.of(last)
                : first(x -> preferredRegion.equals(Optional.of(region(x))) && !avoided(x))
                        .or(() -> first(x -> !avoided(x)))
                        .or(() -> first(x -> true));
        p.ifPresent(x -> last = x);
        return p;
    }

    /** Makes {@code p} the current placement (a resumed attempt's). */
    void resumeAt(Placement p) {
        last = p;
    }

    /**
     * Applies a decision about the current placement; {@link Decision.Next#REPLAN} goes to
     * {@link #replan}. Returns what it blocked, for the event log ({@code zone local/local (docker)}).
     */
    Optional<String> apply(Decision.Next next) {
        return apply(next, Optional.empty());
    }

    /**
     * As {@link #apply(Decision.Next)}; a {@link Decision.Next#BLOCK_ZONE} of a placement that
     * names no zone blocks only {@code zone} (the one the plug-in chose and met no capacity in),
     * where given, so the placement is tried again in another zone ({@link #avoidZones}); without
     * it, the placement's whole region for its instance type.
     */
    Optional<String> apply(Decision.Next next, Optional<String> zone) {
        Placement where = last;
        if (next == Decision.Next.BLOCK_ZONE && last.zone().isEmpty() && zone.isPresent()) {
            where = zoned(last, zone.get());
            if (blocked.contains(zone(where))) {
                where = last; // the plug-in chose a zone it was told to avoid: block the region for the type after all
            }
        }
        switch (next) {
            case SAME, REPLAN -> { }
            case SAME_REGION_FIRST -> preferredRegion = Optional.of(region(last));
            case BLOCK_ZONE -> blocked.add(zone(where));
            case BLOCK_REGION -> blocked.add(region(last));
            case BLOCK_CLOUD -> blocked.add(last.cloud());
            case AVOID_REGION -> {
                avoidedRegion = Optional.of(region(last));
                preferredRegion = Optional.empty();
            }
        }
        return switch (next) {
            case BLOCK_ZONE -> Optional.of("zone " + where.infra() + " (" + where.instanceType() + ")");
            case BLOCK_REGION -> Optional.of("region " + region(last));
            case BLOCK_CLOUD -> Optional.of("cloud " + last.cloud());
            default -> Optional.empty();
        };
    }

    /** Rules out {@code p} (its zone, for its instance type) for the rest of the run; returns what, for the event log. */
    String skip(Placement p) {
        blocked.add(zone(p));
        return "placement " + p.infra() + " (" + p.instanceType() + ")";
    }

    /** Starts over on a fresh plan: nothing blocked, preferred or avoided. */
    void replan(List<Placement> fresh) {
        plan = List.copyOf(fresh);
        blocked.clear();
        preferredRegion = Optional.empty();
        avoidedRegion = Optional.empty();
        last = null;
    }

    /**
     * The zones of {@code p}'s region blocked for its instance type, where {@code p} names no
     * zone (the plug-in picks one): what its next provision should avoid.
     */
    Set<String> avoidZones(Placement p) {
        if (p.zone().isPresent()) {
            return Set.of();
        }
        String head = region(p) + "/";
        String tail = "#" + p.instanceType();
        Set<String> zones = new LinkedHashSet<>();
        for (String b : blocked) {
            if (b.startsWith(head) && b.endsWith(tail) && b.length() > head.length() + tail.length()) {
                zones.add(b.substring(head.length(), b.length() - tail.length()));
            }
        }
        return zones;
    }

    /** What is blocked, for messages ({@code aws/us-east-1/us-east-1a#p4d.24xlarge, gcp}). */
    String blockedList() {
        return blocked.isEmpty() ? "nothing blocked" : String.join(", ", blocked) + " blocked";
    }

    /** The plan's placement recorded as {@code infra}, if still in the plan. */
    Optional<Placement> byInfra(String infra) {
        return plan.stream().filter(p -> p.infra().equals(infra)).findFirst();
    }

    private Optional<Placement> first(Predicate<Placement> wanted) {
        return plan.stream().filter(x -> !isBlocked(x)).filter(wanted).findFirst();
    }

    private boolean avoided(Placement p) {
        return avoidedRegion.equals(Optional.of(region(p)));
    }

    private boolean isBlocked(Placement p) {
        return blocked.contains(p.cloud()) || blocked.contains(region(p)) || blocked.contains(zone(p));
    }

    private static String region(Placement p) {
        return p.cloud() + "/" + p.region();
    }

    private static Placement zoned(Placement p, String zone) {
        return p.inZone(Optional.of(zone));
    }

    private static String zone(Placement p) {
        return p.infra() + "#" + p.instanceType();
    }
}

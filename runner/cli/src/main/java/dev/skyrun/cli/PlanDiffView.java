package dev.skyrun.cli;

import dev.skyrun.catalog.CatalogInfo;
import dev.skyrun.review.PlanDiff;
import dev.skyrun.review.UnitDiff;
import java.util.List;

/**
 * What {@code skyrun plan --diff} prints: which two specs were compared on which catalog, whether
 * anything changed or a gate was loosened, and per task or stage what changed.
 *
 * @param catalog catalog version and source (both sides planned on it)
 * @param catalogSha256 the catalog's digest
 * @param before the old side ({@code REF:PATH} or a file)
 * @param after the new side (the spec file)
 * @param changed whether anything differs (exit 1)
 * @param loosened whether a gate lets more through than before
 * @param tasks one entry per task or stage of either side
 */
record PlanDiffView(String catalog, String catalogSha256, String before, String after, boolean changed,
        boolean loosened, List<UnitDiff> tasks) {

    static PlanDiffView of(CatalogInfo info, String before, String after, PlanDiff diff) {
        String source = info.source().equals("bundled") ? "bundled" : info.source();
        return new PlanDiffView(info.version() + " from " + source, info.sha256(), before, after, diff.changed(),
                diff.loosened(), diff.units());
    }

    /** The loosened gates as {@code TASK: gate NAME: what moved}. */
    List<String> loosenedGates() {
        return tasks.stream().flatMap(t -> t.changes().stream().filter(c -> c.loosened())
                .map(c -> t.name() + ": " + c.what() + ": " + c.note().orElse(""))).toList();
    }
}

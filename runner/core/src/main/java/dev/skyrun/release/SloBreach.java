package dev.skyrun.release;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.manifest.CanonicalJson;
import dev.skyrun.spec.Numbers;
import dev.skyrun.spec.SloSource;
import dev.skyrun.spec.SloSpec;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An SLO found breached: the SLO and the readings of the streak that breached it, as the
 * evidence the release history keeps.
 *
 * @param slo the SLO
 * @param streak the readings since its count last started again, oldest first
 */
public record SloBreach(SloSpec slo, List<SloReading> streak) {

    public SloBreach {
        Objects.requireNonNull(slo, "slo");
        streak = List.copyOf(streak);
        if (streak.isEmpty()) {
            throw new IllegalArgumentException("a breach has readings");
        }
    }

    /** One sentence: which SLO, how many failed readings, their values, the threshold and the times. */
    public String reason() {
        String values = streak.stream().map(r -> r.value().map(Numbers::text).orElse("missing"))
                .collect(Collectors.joining(", "));
        return "slo " + slo.name() + " breached: " + SloTally.failures(slo, streak) + " consecutive failed readings ("
                + values + "; must be " + slo.threshold() + ") from " + streak.get(0).at() + " to "
                + streak.get(streak.size() - 1).at();
    }

    /** The evidence as JSON: the SLO, its source (query, URL, file), threshold and every reading. */
    public String evidence() {
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("slo", slo.name());
        switch (slo.source()) {
            case SloSource.Prometheus p -> n.put("source", "prometheus").put("url", p.url()).put("query", p.query());
            case SloSource.HttpJson h -> n.put("source", "http").put("url", h.url()).put("pointer", h.pointer());
            case SloSource.JsonFile f -> n.put("source", "file").put("path", f.path()).put("pointer", f.pointer());
        }
        n.put("threshold", slo.threshold());
        slo.min().ifPresent(v -> n.put("min", v));
        slo.max().ifPresent(v -> n.put("max", v));
        n.put("failures", slo.failures());
        n.put("interval_ms", slo.interval().toMillis());
        n.put("on_missing", slo.onMissing().name().toLowerCase(Locale.ROOT));
        ArrayNode readings = n.putArray("readings");
        for (SloReading r : streak) {
            ObjectNode o = readings.addObject().put("at", r.at().toString()).put("outcome", r.outcome().name());
            r.value().ifPresent(v -> o.put("value", v));
            o.put("detail", r.detail());
        }
        return n.toString();
    }
}

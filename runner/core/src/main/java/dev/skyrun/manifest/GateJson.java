package dev.skyrun.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.gate.GateKind;
import dev.skyrun.gate.GateResult;
import dev.skyrun.gate.Verdict;
import dev.skyrun.spec.GateSpec.BaselineRule;
import java.util.Locale;
import java.util.Optional;

/** Gate results to and from manifest JSON ({@code gates[]} entries). */
final class GateJson {

    private GateJson() {}

    static ObjectNode write(GateResult g) {
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("stage", g.stage());
        n.put("name", g.name());
        n.put("kind", g.kind().name());
        n.put("verdict", g.verdict().name());
        n.put("reason", g.reason());
        g.metric().ifPresent(v -> n.put("metric", v));
        g.contract().ifPresent(v -> n.put("contract", v));
        g.observed().ifPresent(v -> n.put("observed", v));
        g.min().ifPresent(v -> n.put("min", v));
        g.max().ifPresent(v -> n.put("max", v));
        g.rule().ifPresent(v -> n.put("vs_baseline", v.name().toLowerCase(Locale.ROOT)));
        g.tolerance().ifPresent(v -> n.put("tolerance", v));
        g.baseline().ifPresent(v -> n.put("baseline", v));
        g.observedDigest().ifPresent(v -> n.put("observed_sha256", v));
        g.baselineDigest().ifPresent(v -> n.put("baseline_sha256", v));
        return n;
    }

    static GateResult read(JsonNode n) {
        return new GateResult(n.get("stage").asText(), n.get("name").asText(),
                GateKind.valueOf(n.get("kind").asText()), Verdict.valueOf(n.get("verdict").asText()),
                text(n, "metric"), text(n, "contract"), number(n, "observed"), number(n, "min"), number(n, "max"),
                text(n, "vs_baseline").map(r -> BaselineRule.valueOf(r.toUpperCase(Locale.ROOT))),
                number(n, "tolerance"), number(n, "baseline"),
                text(n, "observed_sha256"), text(n, "baseline_sha256"), n.get("reason").asText());
    }

    static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    static Optional<Double> number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.doubleValue());
    }
}

package dev.skyrun.spec;

import static dev.skyrun.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A pipeline's {@code slo:} section: read as written, its mistakes named at FILE:LINE:COL. */
class SloSpecTest {

    @Test
    void eachSourceThresholdIntervalAndMissingDataPolicyIsReadAsWritten() {
        PipelineSpec p = (PipelineSpec) SpecFixtures.load("valid/pipeline-slo.yaml");
        assertThat(p.slos()).hasSize(3);
        SloSpec latency = p.slos().get(0);
        assertThat(latency.source()).isEqualTo(new SloSource.Prometheus("http://127.0.0.1:9090", "max(fusion_latency_p95_ms)"));
        assertThat(latency.max()).contains(250.0);
        assertThat(latency.min()).isEmpty();
        assertThat(latency.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(latency.failures()).isEqualTo(3);
        assertThat(latency.onMissing()).isEqualTo(SloSpec.MissingData.FAIL);
        assertThat(latency.threshold()).isEqualTo("<= 250");

        SloSpec availability = p.slos().get(1);
        assertThat(availability.source()).isEqualTo(new SloSource.HttpJson("http://127.0.0.1:8080/health", "/availability"));
        assertThat(availability.interval()).isEqualTo(SloSpec.DEFAULT_INTERVAL);
        assertThat(availability.failures()).isEqualTo(SloSpec.DEFAULT_FAILURES);
        assertThat(availability.onMissing()).isEqualTo(SloSpec.MissingData.IGNORE);
        assertThat(availability.met(0.995)).isTrue();
        assertThat(availability.met(0.98)).isFalse();
        assertThat(availability.met(Double.NaN)).isFalse();

        SloSpec file = p.slos().get(2);
        assertThat(file.source()).isEqualTo(new SloSource.JsonFile("slo/current.json", "/p95_ms"));
        assertThat(file.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(file.threshold()).isEqualTo("in [1, 300]");
        assertThat(file.onMissing()).isEqualTo(SloSpec.MissingData.PASS);
        assertThat(p.release().map(ReleaseSpec::keepStable)).isEqualTo(Optional.of(2));
    }

    @Test
    void twoSourcesNoThresholdAHostPathMinAboveMaxAndATwiceUsedNameAreEachNamedWhereWritten() {
        assertThat(problems("invalid/pipeline-slo.yaml")).containsExactly(
                "invalid/pipeline-slo.yaml:9:5: slo 'latency' names two sources (prometheus, http) (name exactly one of"
                        + " prometheus: {url, query}, http: {url, pointer} or file: {path, pointer})",
                "invalid/pipeline-slo.yaml:11:5: slo 'no-threshold' has no threshold (add max: (e.g. max: 250 for a"
                        + " latency) or min: (e.g. min: 0.99 for an availability))",
                "invalid/pipeline-slo.yaml:14:18: slo file '../../../../../../../../../../../../etc/passwd' leaves the spec's repository "
                        + SpecRepository.of(SpecFixtures.ROOT.resolve("invalid/pipeline-slo.yaml")).root()
                        + " (name a JSON file inside the spec's repository, relative to the pipeline file)",
                "invalid/pipeline-slo.yaml:18:10: slo 'backwards': min 5 is above max 1 (no value could meet it)",
                "invalid/pipeline-slo.yaml:20:11: slo 'latency' is defined twice (first at line 7) (give each SLO its"
                        + " own name)");
    }

    @Test
    void aWrongUrlIntervalPolicyOrCountIsASchemaErrorAtTheValue() {
        assertThat(problems("invalid/pipeline-slo-shape.yaml")).hasSize(4).allSatisfy(p ->
                assertThat(p).startsWith("invalid/pipeline-slo-shape.yaml:"))
                .anySatisfy(p -> assertThat(p).startsWith("invalid/pipeline-slo-shape.yaml:8:23: 'slo[0].prometheus.url'"))
                .anySatisfy(p -> assertThat(p).startsWith("invalid/pipeline-slo-shape.yaml:10:15: 'slo[0].interval'"))
                .anySatisfy(p -> assertThat(p).startsWith("invalid/pipeline-slo-shape.yaml:11:17: 'slo[0].on_missing'"))
                .anySatisfy(p -> assertThat(p).startsWith("invalid/pipeline-slo-shape.yaml:12:15: 'slo[0].failures'"));
    }
}

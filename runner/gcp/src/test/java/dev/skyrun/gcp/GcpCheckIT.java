package dev.skyrun.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.CredentialCheck;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import io.grpc.Status;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code skyrun check} for gcp and vertex through the real clients against the loopback fakes. */
class GcpCheckIT {

    FakeHttpServer http;
    FakeVertex vertex;

    @BeforeEach
    void start() {
        http = FakeHttpServer.start();
        new FakeCompute(http);
        new FakeTpu(http);
        new FakeGcs(http);
        new FakeSecretManager(http);
        vertex = new FakeVertex();
    }

    @AfterEach
    void stop() {
        vertex.close();
        http.close();
    }

    private CredentialCheck check(String cloud, Map<String, String> props) {
        Map<String, String> all = new HashMap<>(props);
        all.put("aiplatform_endpoint", vertex.endpoint());
        CloudSettings settings = new CloudSettings(cloud, Optional.of(http.uri()), all);
        try (Cloud c = cloud.equals("gcp") ? new GcpProvider().open(settings) : new VertexProvider().open(settings)) {
            return c.check();
        }
    }

    private static Map<String, String> project() {
        return Map.of("project", "acme-ml", "bucket", "acme-runs");
    }

    @Test
    void gcpNamesProjectAndAccountAndEveryApiAnswers() {
        CredentialCheck c = check("gcp", project());
        assertThat(c.ok()).as(c.details().toString()).isTrue();
        assertThat(c.cloud()).isEqualTo("gcp");
        assertThat(c.identity()).isEqualTo("endpoint override " + http.uri());
        assertThat(c.details()).containsExactly("credentials: none sent (endpoint override " + http.uri() + ")", "project: acme-ml",
                "compute: ok", "tpu: ok", "secretmanager: ok", "status bucket: ok (gs://acme-runs)");
        assertThat(http.requests()).extracting(FakeHttpServer.Request::path).contains(
                "/compute/v1/projects/acme-ml/aggregated/instances", "/v2/projects/acme-ml/locations/-/nodes",
                "/v1/projects/acme-ml/secrets", "/storage/v1/b/acme-runs/o");
        assertThat(http.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
    }

    @Test
    void computePermissionDeniedFailsTheCheckSayingWhatToFixWhileADisabledTpuApiOnlyWarns() {
        http.route(r -> r.path().endsWith("/aggregated/instances"), r -> Reply.json(403, "{\"error\":{\"code\":403,\"message\":"
                + "\"Required 'compute.instances.list' permission for 'projects/acme-ml'\",\"errors\":[{\"message\":\"Required"
                + " 'compute.instances.list' permission for 'projects/acme-ml'\",\"domain\":\"global\",\"reason\":\"forbidden\"}]}}"));
        http.route(r -> r.path().startsWith("/v2/projects/"), r -> Reply.json(403, "{\"error\":{\"code\":403,\"message\":"
                + "\"Cloud TPU API has not been used in project acme-ml before or it is disabled.\",\"status\":\"PERMISSION_DENIED\"}}"));
        CredentialCheck c = check("gcp", project());
        assertThat(c.ok()).isFalse();
        assertThat(c.details()).anySatisfy(d -> assertThat(d).startsWith("compute: ")
                .contains("compute.instances.list", "Fix: grant the account access on project acme-ml"));
        assertThat(c.details()).anySatisfy(d -> assertThat(d).startsWith("tpu: ")
                .contains("Cloud TPU API has not been used", "enable tpu.googleapis.com; TPU slices cannot launch until then"));

        http.route(r -> r.path().endsWith("/aggregated/instances"), r -> Reply.json(200, "{\"items\":{}}"));
        assertThat(check("gcp", project()).ok()).as("only the TPU API fails").isTrue();
    }

    @Test
    void noProjectOrNoBucketSaysHowToSetThem() {
        CredentialCheck none = check("gcp", Map.of());
        assertThat(none.ok()).isFalse();
        assertThat(none.details()).anySatisfy(d -> assertThat(d).contains("project: missing", "GOOGLE_CLOUD_PROJECT", "SKYRUN_GCP_PROJECT"));
        assertThat(http.requests()).isEmpty();

        CredentialCheck noBucket = check("vertex", Map.of("project", "acme-ml"));
        assertThat(noBucket.ok()).isFalse();
        assertThat(noBucket.details()).anySatisfy(d -> assertThat(d).contains("status bucket: missing", "SKYRUN_VERTEX_BUCKET"));

        http.route(r -> r.path().equals("/storage/v1/b/gone/o"), r -> Reply.json(404,
                "{\"error\":{\"code\":404,\"message\":\"The specified bucket does not exist.\",\"errors\":[{\"message\":"
                        + "\"The specified bucket does not exist.\",\"domain\":\"global\",\"reason\":\"notFound\"}]}}"));
        CredentialCheck gone = check("gcp", Map.of("project", "acme-ml", "bucket", "gone"));
        assertThat(gone.ok()).isFalse();
        assertThat(gone.details()).anySatisfy(d -> assertThat(d).startsWith("status bucket: ").contains("404", "Fix: create gs://gone"));
    }

    @Test
    void vertexAnswersInItsRegionOrSaysWhatToFix() {
        CredentialCheck ok = check("vertex", Map.of("project", "acme-ml", "bucket", "acme-runs", "region", "europe-west4"));
        assertThat(ok.ok()).as(ok.details().toString()).isTrue();
        assertThat(ok.cloud()).isEqualTo("vertex");
        assertThat(ok.details()).contains("project: acme-ml", "aiplatform (europe-west4): ok", "secretmanager: ok");
        assertThat(vertex.received(com.google.cloud.aiplatform.v1.ListCustomJobsRequest.class))
                .extracting(r -> r.getParent()).containsExactly("projects/acme-ml/locations/europe-west4");

        vertex.failNextList(Status.PERMISSION_DENIED.withDescription(
                "Permission 'aiplatform.customJobs.list' denied on resource '//aiplatform.googleapis.com/projects/acme-ml/locations/us-central1'"));
        CredentialCheck denied = check("vertex", project());
        assertThat(denied.ok()).isFalse();
        assertThat(denied.details()).anySatisfy(d -> assertThat(d).startsWith("aiplatform (us-central1): ")
                .contains("aiplatform.customJobs.list", "Fix: grant the account access on project acme-ml, or enable aiplatform.googleapis.com"));
    }
}

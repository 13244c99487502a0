package dev.skyrun.gcp;

import dev.skyrun.testkit.FakeHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the {@code gcp} cloud against Google Cloud on loopback: one fake server answering as
 * Compute Engine, TPU, GCS and Secret Manager, and the cloud opened against it, fresh for each test.
 */
abstract class FakeGoogleTest {

    FakeHttpServer http;
    FakeCompute compute;
    FakeTpu tpu;
    FakeGcs gcs;
    FakeSecretManager secretManager;
    GcpCloud cloud;

    @BeforeEach
    void startFakeGoogle() {
        http = FakeHttpServer.start();
        compute = new FakeCompute(http);
        tpu = new FakeTpu(http);
        gcs = new FakeGcs(http);
        secretManager = new FakeSecretManager(http);
        cloud = (GcpCloud) new GcpProvider().open(GcpTestSupport.settings(http));
    }

    @AfterEach
    void stopFakeGoogle() {
        cloud.close();
        http.close();
    }
}

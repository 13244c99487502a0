package dev.skyrun.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class FakeHttpServerTest {

    @Test
    void answersMatchingRouteAndRecordsTheRequest() throws Exception {
        try (FakeHttpServer fake = FakeHttpServer.start()) {
            fake.route(r -> r.path().equals("/v1/things"), r -> FakeHttpServer.Reply.json(200, "{\"n\":1}"));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(fake.uri().resolve("/v1/things?x=1"))
                    .POST(HttpRequest.BodyPublishers.ofString("Action=Run")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(fake.uri() + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"n\":1}");
            assertThat(missing.statusCode()).isEqualTo(501);
            assertThat(missing.body()).contains("GET /nope");
            assertThat(fake.requests()).hasSize(2);
            assertThat(fake.requests().get(0).query()).isEqualTo("x=1");
            assertThat(fake.requests().get(0).body()).isEqualTo("Action=Run");
            assertThat(fake.uri().getHost()).isEqualTo("127.0.0.1");
        }
    }
}

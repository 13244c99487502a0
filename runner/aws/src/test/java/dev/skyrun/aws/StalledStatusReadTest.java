package dev.skyrun.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CloudSettings;
import dev.skyrun.cloud.VmStatus;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A status read through the real S3 client against a loopback server that answers a GET's headers and
 * then stalls in the body, as a connection that stops mid-answer: the read is cut at the reader's
 * deadline instead of the client's one-minute socket timeout, and the connection is hung up, not held.
 */
class StalledStatusReadTest {

    @Test
    void aStatusReadThatS3LeavesHangingIsCutAtTheDeadlineAndItsConnectionHungUp() throws Exception {
        List<Long> heldMillis = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> serveStalling(server, heldMillis));
            CloudSettings settings = new CloudSettings("aws", Optional.empty(), Map.of("s3_endpoint", "http://127.0.0.1:"
                    + server.getLocalPort(), "region", "us-east-1", "access_key_id", "a", "secret_access_key", "b"));
            ObjectStore s3 = new AwsProvider().store("s3", settings).orElseThrow();
            StatusKeys keys = StatusKeys.of("runs", "run-1", "c1");
            VmStatus status = new VmStatus("aws", s3, keys, Duration.ofMillis(500));

            long start = System.nanoTime();
            assertThatThrownBy(() -> status.read(keys.exitCode(0))).isInstanceOf(CloudException.class)
                    .hasMessageContaining("cannot read run status runs/" + keys.exitCode(0))
                    .hasMessageContaining("no answer in 500 ms");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(tookMillis).as("three tries of 500 ms, not the client's 60 s socket timeout").isLessThan(20_000);
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (heldMillis.size() < 3 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(heldMillis).as("each try's connection is hung up soon after its deadline").hasSize(3)
                    .allSatisfy(ms -> assertThat(ms).isLessThan(20_000));
        }
    }

    /** Answers each connection's request with its headers and 2 of 10 body bytes, then waits for the client to hang up. */
    private static void serveStalling(ServerSocket server, List<Long> heldMillis) {
        while (!server.isClosed()) {
            Socket c;
            try {
                c = server.accept();
            } catch (IOException closed) {
                return;
            }
            Thread.ofPlatform().daemon().start(() -> {
                try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                    readRequestHead(in);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n0\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    long answered = System.nanoTime();
                    try {
                        while (in.read() >= 0) {
                            // a client sends nothing more on this connection; wait for it to hang up
                        }
                    } catch (IOException reset) {
                        // hung up
                    }
                    heldMillis.add((System.nanoTime() - answered) / 1_000_000);
                } catch (IOException e) {
                    // the client went away before the answer
                }
            });
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request cut short");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}

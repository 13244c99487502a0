package dev.skyrun.azure;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.skyrun.testkit.AzuriteProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The azure tests' Blob server: a real azurite ({@link AzuriteProcess}) with an SDK client of its
 * development account.
 *
 * <pre>{@code
 * try (Azurite blob = Azurite.shared()) { blob.container("runs"); ... blob.connectionString() ... }
 * }</pre>
 */
final class Azurite implements AutoCloseable {

    static final String ACCOUNT = AzuriteProcess.ACCOUNT;
    static final String KEY = AzuriteProcess.KEY;

    private final AzuriteProcess process;

    private Azurite(AzuriteProcess process) {
        this.process = process;
    }

    private static Azurite shared;

    /**
     * One azurite for every test of this JVM (each test uses its own containers), stopped when the
     * JVM exits: over HTTPS with a test certificate ({@link #caBundle}) and with OAuth (basic: issuer,
     * audience and lifetime checked), so a VM's bearer tokens work as the shared key does.
     */
    static synchronized Azurite shared() throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("skyrun-azurite-");
            try {
                TestTls tls = TestTls.create(dir);
                shared = start(dir, "--cert", tls.cert().toString(), "--key", tls.key().toString(), "--oauth", "basic");
                shared.tls = tls;
                shared.caBundle = tls.cert();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            Azurite started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory left behind is harmless
                }
            }, "azurite-stop"));
        }
        return shared;
    }

    private Path caBundle;
    private TestTls tls;

    /** The certificate and key azurite serves with. */
    TestTls tls() {
        return tls;
    }

    /** The certificate azurite serves (PEM), the tests' CA bundle. */
    Path caBundle() {
        return caBundle;
    }

    /** Starts azurite and waits until it listens. */
    static Azurite start(Path dir, String... extra) throws IOException {
        return new Azurite(AzuriteProcess.start(dir, extra));
    }

    /** The account's Blob endpoint, {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    String blobEndpoint() {
        return AzuriteProcess.blobEndpoint(process.endpoint());
    }

    /** A shared-key connection string for the development account. */
    String connectionString() {
        return AzuriteProcess.connectionString(process.endpoint());
    }

    /** A client of the account with its shared key. */
    BlobServiceClient client() {
        BlobServiceClientBuilder b = new BlobServiceClientBuilder().connectionString(connectionString());
        if (caBundle != null) {
            b.httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder(
                    java.net.http.HttpClient.newBuilder().sslContext(CaBundle.sslContext(caBundle))).build());
        }
        return b.buildClient();
    }

    /** Creates a container (if missing). */
    void container(String name) {
        client().getBlobContainerClient(name).createIfNotExists();
    }

    @Override
    public void close() {
        process.close();
    }
}

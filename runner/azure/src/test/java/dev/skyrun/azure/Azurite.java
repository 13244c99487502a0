package dev.skyrun.azure;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Blob server for tests: azurite (npm {@code azurite}, its {@code azurite-blob} command,
 * which {@code .ci/run} installs) on a free port of 127.0.0.1, in memory, with its well-known
 * development account. {@code SKYRUN_AZURITE} may name the command.
 *
 * <pre>{@code
 * try (Azurite blob = Azurite.start()) { blob.container("runs"); ... blob.connectionString() ... }
 * }</pre>
 */
final class Azurite implements AutoCloseable {

    static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's documented development account key (public, fixed). */
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Pattern LISTENING = Pattern.compile("Blob service successfully listens on (https?://\\S+)");

    private final Process process;
    private final String endpoint;

    private Azurite(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
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

    /** The certificate azurite serves (PEM), the tests' CA bundle. */
    Path caBundle() {
        return caBundle;
    }

    /** Starts azurite and waits until it listens. */
    static Azurite start(Path dir, String... extra) throws IOException {
        String command = System.getenv().getOrDefault("SKYRUN_AZURITE", "azurite-blob");
        List<String> args = new ArrayList<>(List.of(command, "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence",
                "--extentMemoryLimit", "256", "--skipApiVersionCheck", "--disableTelemetry"));
        args.addAll(List.of(extra));
        Files.createDirectories(dir);
        Process p;
        try {
            p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("azurite is not installed: npm install -g azurite@3.37.0 (.ci/run does)", e);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                drain(out);
                return new Azurite(p, m.group(1).replaceAll("/+$", ""));
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("azurite did not start:\n" + seen);
    }

    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // azurite's access log, not needed
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "azurite-output");
        t.setDaemon(true);
        t.start();
    }

    /** The account's Blob endpoint, {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    String blobEndpoint() {
        return endpoint + "/" + ACCOUNT;
    }

    /** A shared-key connection string for the development account. */
    String connectionString() {
        return "DefaultEndpointsProtocol=" + (endpoint.startsWith("https") ? "https" : "http") + ";AccountName=" + ACCOUNT
                + ";AccountKey=" + KEY + ";BlobEndpoint=" + blobEndpoint() + ";";
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
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

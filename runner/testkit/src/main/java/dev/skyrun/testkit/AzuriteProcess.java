package dev.skyrun.testkit;

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
 * A real Azure Blob server for tests: azurite (npm {@code azurite}, its {@code azurite-blob}
 * command, which {@code .ci/run} installs) on a free port of 127.0.0.1, in memory, with its
 * well-known development account. {@code SKYRUN_AZURITE} may name the command.
 *
 * <pre>{@code
 * try (AzuriteProcess blob = AzuriteProcess.start(dir)) { ... blob.connectionString() ... }
 * }</pre>
 */
public final class AzuriteProcess implements AutoCloseable {

    /** Azurite's development account. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's documented development account key (public, fixed). */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Pattern LISTENING = Pattern.compile("Blob service successfully listens on (https?://\\S+)");

    private final Process process;
    private final String endpoint;

    private AzuriteProcess(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts azurite in {@code dir} (its working directory) with {@code extra} arguments and waits until it listens. */
    public static AzuriteProcess start(Path dir, String... extra) throws IOException {
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
                return new AzuriteProcess(p, m.group(1).replaceAll("/+$", ""));
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

    /** Where azurite listens, {@code http://127.0.0.1:PORT} (https with a certificate). */
    public String endpoint() {
        return endpoint;
    }

    /** The account's Blob endpoint through {@code server} (azurite itself, or a proxy in front of it). */
    public static String blobEndpoint(String server) {
        return server + "/" + ACCOUNT;
    }

    /** A shared-key connection string for the development account, reached at {@code server}. */
    public static String connectionString(String server) {
        return "DefaultEndpointsProtocol=" + (server.startsWith("https") ? "https" : "http") + ";AccountName=" + ACCOUNT
                + ";AccountKey=" + KEY + ";BlobEndpoint=" + blobEndpoint(server) + ";";
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

package dev.skyrun.lambda.fake;

import dev.skyrun.cloud.CloudSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda Cloud on loopback for a test: the API fake, the SSH fake that lets in only the keys
 * registered there, and the directories standing in for the instances' disk and memory
 * ({@code vm/}, {@code shm/}) and this machine's key directory ({@code keys/}), all under a
 * temporary directory.
 */
public final class LambdaTestbed implements AutoCloseable {

    private final LambdaFake api = new LambdaFake();
    private final SshFake ssh = new SshFake(() -> api.sshKeys().values());
    private final Path dir;

    public LambdaTestbed(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(vmRoot());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LambdaFake api() {
        return api;
    }

    public SshFake ssh() {
        return ssh;
    }

    /** The instances' status directory (one for every instance: they share this machine). */
    public Path vmRoot() {
        return dir.resolve("vm");
    }

    /** The directory secrets are handed over in. */
    public Path secretRoot() {
        return dir.resolve("shm");
    }

    /** The directory this machine keeps the clusters' SSH keys in. */
    public Path keyDir() {
        return dir.resolve("keys");
    }

    /** The plug-in's properties pointing at the fakes, with quick polling. */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("api_key", LambdaFake.API_KEY);
        p.put("ssh_port", Integer.toString(ssh.port()));
        p.put("ssh_user", System.getProperty("user.name"));
        p.put("vm_root", vmRoot().toString());
        p.put("secret_root", secretRoot().toString());
        p.put("key_dir", keyDir().toString());
        p.put("poll_ms", "50");
        p.put("retry_base_ms", "1");
        p.put("terminate_timeout_s", "10");
        return p;
    }

    /** The settings of the cloud {@code lambda} on the fakes. */
    public CloudSettings settings() {
        return new CloudSettings("lambda", Optional.of(api.uri()), properties());
    }

    /** The environment of a skyrun process using the fakes ({@code SKYRUN_LAMBDA_*}). */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SKYRUN_LAMBDA_ENDPOINT", api.uri().toString());
        properties().forEach((k, v) -> env.put("SKYRUN_LAMBDA_" + k.toUpperCase(Locale.ROOT), v));
        return env;
    }

    @Override
    public void close() {
        ssh.close();
        api.close();
    }
}

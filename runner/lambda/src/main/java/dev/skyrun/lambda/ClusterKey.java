package dev.skyrun.lambda;

import dev.skyrun.cloud.CloudException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * The SSH key pair of one cluster: made at provision (ECDSA P-256), its public half registered
 * with Lambda as {@link #name}, its private half kept in {@code DIR/NAME.key} (0600 in a 0700
 * directory) so that a later {@code status}, {@code logs} or resume reaches the instances too.
 * Removed with the cluster.
 *
 * @param name the key's name at Lambda and on disk: {@code skyrun-RUN-CLUSTER}
 * @param pair the key pair
 */
record ClusterKey(String name, KeyPair pair) {

    /** The key's name for a cluster of a run. */
    static String nameOf(String runId, String clusterName) {
        return "skyrun-" + runId + "-" + clusterName;
    }

    /** The cluster's key from {@code dir}, made (and kept there) when there is none yet. */
    static ClusterKey loadOrCreate(Path dir, String name) {
        Path file = file(dir, name);
        try {
            if (Files.isRegularFile(file)) {
                return read(name, file);
            }
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            write(dir, file, pair);
            return new ClusterKey(name, pair);
        } catch (IOException | GeneralSecurityException e) {
            throw new CloudException("lambda: cannot keep the SSH key of " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The cluster's key kept in {@code dir}. */
    static ClusterKey load(Path dir, String name) {
        Path file = file(dir, name);
        try {
            return read(name, file);
        } catch (IOException | GeneralSecurityException e) {
            throw new CloudException("lambda: cannot read the SSH key " + file + " (" + e.getMessage() + "); without it skyrun"
                    + " cannot reach the instances of " + name + ": skyrun down removes them", e);
        }
    }

    /** Removes the kept private key; absent is fine. */
    static void forget(Path dir, String name) {
        try {
            Files.deleteIfExists(file(dir, name));
        } catch (IOException e) {
            throw new CloudException("lambda: cannot remove the SSH key file of " + name + ": " + e.getMessage(), e);
        }
    }

    /** The public key as OpenSSH writes it ({@code ecdsa-sha2-nistp256 AAAA...}), what Lambda registers. */
    String openSshPublicKey() {
        return PublicKeyEntry.toString(pair.getPublic()) + " " + name;
    }

    private static Path file(Path dir, String name) {
        return dir.resolve(name + ".key");
    }

    private static ClusterKey read(String name, Path file) throws IOException, GeneralSecurityException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        KeyFactory ec = KeyFactory.getInstance("EC");
        return new ClusterKey(name, new KeyPair(
                ec.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(p.getProperty("public")))),
                ec.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(p.getProperty("private"))))));
    }

    private static void write(Path dir, Path file, KeyPair pair) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Properties p = new Properties();
        p.setProperty("public", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        p.setProperty("private", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        Path tmp = Files.createTempFile(dir, ".key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "skyrun: SSH key of a Lambda cluster; removed with the cluster");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}

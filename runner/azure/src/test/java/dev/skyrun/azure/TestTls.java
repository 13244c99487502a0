package dev.skyrun.azure;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A throwaway certificate authority for a test's HTTPS servers on 127.0.0.1 (azurite serves OAuth
 * bearer tokens only over HTTPS): a self-signed certificate made with {@code openssl}, and an
 * HTTP client that trusts it.
 *
 * @param cert the certificate (PEM), also the CA bundle curl is pointed at
 * @param key its private key (PEM)
 */
record TestTls(Path cert, Path key) {

    /** Makes a certificate for {@code 127.0.0.1} under {@code dir}. */
    static TestTls create(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate:\n" + out);
        }
        return new TestTls(cert, key);
    }
}

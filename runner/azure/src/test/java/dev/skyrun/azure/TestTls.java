package dev.skyrun.azure;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A throwaway certificate authority for a test's HTTPS servers on 127.0.0.1 (azurite serves OAuth
 * bearer tokens only over HTTPS) and for {@code *.blob.core.windows.net} (what rclone on a VM
 * reaches through {@link BlobTunnel}): a self-signed certificate made with {@code openssl}.
 *
 * @param cert the certificate (PEM), also the CA bundle curl is pointed at
 * @param key its private key (PEM)
 */
record TestTls(Path cert, Path key) {

    /** Makes a certificate for {@code 127.0.0.1} and {@code *.blob.core.windows.net} under {@code dir}. */
    static TestTls create(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:*.blob.core.windows.net")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl could not make a test certificate:\n" + out);
        }
        return new TestTls(cert, key);
    }

    /** A TLS context that serves this certificate (its key is PKCS#8 PEM, as openssl writes it). */
    javax.net.ssl.SSLContext serverContext() throws java.security.GeneralSecurityException, IOException {
        String pem = java.nio.file.Files.readString(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        java.security.PrivateKey pk = java.security.KeyFactory.getInstance("RSA")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(pem)));
        java.security.cert.Certificate certificate;
        try (var in = java.nio.file.Files.newInputStream(cert)) {
            certificate = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("test", pk, new char[0], new java.security.cert.Certificate[] {certificate});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }
}

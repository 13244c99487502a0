package dev.skyrun.azure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The HTTP proxy (on 127.0.0.1) a test VM's {@code HTTP_PROXY}/{@code HTTPS_PROXY} name, standing
 * in for Azure where rclone 1.60 cannot be pointed elsewhere: it answers the managed identity
 * token requests rclone sends to the fixed {@code http://169.254.169.254} with a token, and
 * tunnels {@code CONNECT ACCOUNT.blob.core.windows.net:443} to azurite, ending TLS with the test
 * certificate on both sides so that it records each request line sent through the tunnel.
 */
final class BlobTunnel implements AutoCloseable {

    private static final Pattern REQUEST_LINE = Pattern.compile("(GET|PUT|HEAD|DELETE|POST) (\\S+) HTTP/1\\.1\r?");

    private final ServerSocket server;
    private final SSLContext serve;
    private final SSLContext trust;
    private final URI azurite;
    private final UnaryOperator<String> token;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private BlobTunnel(ServerSocket server, SSLContext serve, SSLContext trust, URI azurite, UnaryOperator<String> token) {
        this.server = server;
        this.serve = serve;
        this.trust = trust;
        this.azurite = azurite;
        this.token = token;
    }

    /** Starts the proxy in front of {@code blob}; {@code token} makes a token for a resource. */
    static BlobTunnel start(Azurite blob, UnaryOperator<String> token) throws Exception {
        BlobTunnel t = new BlobTunnel(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), blob.tls().serverContext(),
                CaBundle.sslContext(blob.caBundle()), URI.create(blob.blobEndpoint()), token);
        Thread accept = new Thread(t::accept, "blob-tunnel");
        accept.setDaemon(true);
        accept.start();
        return t;
    }

    /** {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every request line seen: {@code GET http://169.254.169.254/...} for tokens, {@code METHOD PATH} through the tunnel. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            String head = readHead(client.getInputStream());
            String first = head.substring(0, head.indexOf('\r'));
            requests.add(first.replaceFirst(" HTTP/1\\.1$", ""));
            OutputStream out = client.getOutputStream();
            if (first.startsWith("GET http://169.254.169.254/metadata/identity/oauth2/token")) {
                String resource = java.net.URLDecoder.decode(first.replaceFirst(".*[?&]resource=([^& ]*).*", "$1"), StandardCharsets.UTF_8);
                long now = System.currentTimeMillis() / 1000;
                byte[] body = ("{\"access_token\":\"" + token.apply(resource) + "\",\"expires_in\":\"3599\",\"expires_on\":\""
                        + (now + 3599) + "\",\"not_before\":\"" + now + "\",\"resource\":\"" + resource
                        + "\",\"token_type\":\"Bearer\"}").getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(body);
            } else if (first.startsWith("CONNECT ")) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                tunnel(client);
            } else {
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void tunnel(Socket client) throws IOException {
        SSLSocket inner = (SSLSocket) serve.getSocketFactory().createSocket(client, null, client.getPort(), false);
        inner.setUseClientMode(false);
        try (inner; SSLSocket upstream = (SSLSocket) trust.getSocketFactory().createSocket(azurite.getHost(), azurite.getPort())) {
            Thread back = Thread.ofVirtual().start(() -> pipe(upstream, inner, false));
            pipe(inner, upstream, true);
            back.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies {@code from} to {@code to}; the client's side is scanned for request lines. */
    private void pipe(Socket from, Socket to, boolean record) {
        StringBuilder line = new StringBuilder();
        byte[] buf = new byte[65536];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
                for (int i = 0; record && i < n; i++) {
                    char c = (char) (buf[i] & 0xff);
                    if (c == '\n') {
                        Matcher m = REQUEST_LINE.matcher(line);
                        if (m.matches()) {
                            requests.add(m.group(1) + " " + m.group(2));
                        }
                        line.setLength(0);
                    } else if (line.length() < 8192) {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException | UnsupportedOperationException e) {
                // already closed
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

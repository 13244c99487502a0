package dev.skyrun.local;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.skyrun.cloud.CloudException;
import java.io.Closeable;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A node's start-time payload (secrets, node IPs) on its way to the job wrapper's stdin: attached
 * to the container before it starts (so the wrapper reads it as soon as it runs), written once
 * the node IPs are known. With StdinOnce the wrapper then sees EOF. The payload never touches
 * argv, the environment or a file.
 */
final class PayloadDelivery implements Closeable {

    /** How long the wrapper may take to read its payload. */
    private static final long READ_WAIT_SECONDS = 30;

    private final String id;
    private final PipedOutputStream stdin;
    private final CountDownLatch read = new CountDownLatch(1);
    private ResultCallback.Adapter<Frame> attached;

    private PayloadDelivery(String id, PipedOutputStream stdin) {
        this.id = id;
        this.stdin = stdin;
    }

    /** Attaches to container {@code id}'s stdin (to write) and stderr (to see the wrapper's first line). */
    static PayloadDelivery attach(DockerClient docker, String id) throws IOException {
        PipedOutputStream out = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(out, 1 << 16);
        PayloadDelivery d = new PayloadDelivery(id, out);
        try {
            d.attached = docker.attachContainerCmd(id).withStdIn(in).withFollowStream(true).withStdOut(false)
                    .withStdErr(true).withLogs(false).exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            d.read.countDown();
                        }

                        @Override
                        public void onComplete() {
                            d.read.countDown();
                            super.onComplete();
                        }

                        @Override
                        public void onError(Throwable t) {
                            d.read.countDown();
                            super.onError(t);
                        }
                    });
            d.attached.awaitStarted(READ_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("local: interrupted while attaching to container " + id, e);
        } catch (RuntimeException e) {
            throw LocalErrors.of("attach to container", id, e);
        }
        return d;
    }

    /** Writes the payload and returns once the wrapper has read it (its first stderr line) or the container ended. */
    void deliver(String payload) {
        try {
            stdin.write(payload.getBytes(StandardCharsets.UTF_8));
            stdin.close();
            if (!read.await(READ_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new CloudException("local: container " + id + " did not read its start payload within "
                        + READ_WAIT_SECONDS + " s");
            }
        } catch (IOException e) {
            throw new CloudException("local: cannot hand container " + id + " its start payload: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("local: interrupted while starting container " + id, e);
        }
    }

    @Override
    public void close() {
        try {
            stdin.close();
            if (attached != null) {
                attached.close();
            }
        } catch (IOException e) {
            // closing: nothing left to release
        }
    }
}

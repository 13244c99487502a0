package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.LogLine;
import dev.skyrun.cloud.LogQuery;
import dev.skyrun.exec.JobScript;
import dev.skyrun.exec.StatusKeys;
import dev.skyrun.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A VM cluster's logs as its nodes upload them to the status prefix: the whole log so far, and
 * with {@code follow} the new lines as they arrive until every node has reported its exit code.
 * The job's stdout and stderr arrive merged; skyrun's own lines ({@code skyrun: ...}) count as stderr.
 */
final class StatusLogs {

    private final ObjectStore store;
    private final StatusKeys keys;
    private final int nodes;
    private final Duration poll;

    StatusLogs(ObjectStore store, StatusKeys keys, int nodes, Duration poll) {
        this.store = store;
        this.keys = keys;
        this.nodes = nodes;
        this.poll = poll;
    }

    void read(LogQuery query, Consumer<LogLine> sink) {
        int from = query.node().orElse(0);
        int to = query.node().isPresent() ? from + 1 : nodes;
        long[] sent = new long[nodes];
        while (true) {
            boolean allDone = true;
            for (int rank = from; rank < to; rank++) {
                boolean done = exists(keys.exitCode(rank));
                String log = text(keys.log(rank));
                sent[rank] = emit(rank, log, sent[rank], done || !query.follow(), sink);
                allDone &= done;
            }
            if (!query.follow() || allDone) {
                return;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Sends the complete lines after {@code offset} (and a last partial one when {@code flush}); returns the new offset. */
    private static long emit(int rank, String log, long offset, boolean flush, Consumer<LogLine> sink) {
        if (log.length() < offset) {
            return offset;
        }
        int pos = (int) offset;
        while (pos < log.length()) {
            int nl = log.indexOf('\n', pos);
            if (nl < 0 && !flush) {
                break;
            }
            int end = nl < 0 ? log.length() : nl;
            String line = log.substring(pos, end);
            boolean ours = line.startsWith("skyrun: ") || line.equals(JobScript.SETUP_MARK) || line.equals(JobScript.RUN_MARK);
            sink.accept(new LogLine(rank, ours, line));
            pos = end + 1;
        }
        return Math.min(pos, log.length());
    }

    private boolean exists(String key) {
        try (InputStream in = store.open(keys.storeKey(key))) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new CloudException("aws: cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    private String text(String key) {
        try (InputStream in = store.open(keys.storeKey(key))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new CloudException("aws: cannot read " + key + ": " + e.getMessage(), e);
        }
    }
}

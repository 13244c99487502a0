package dev.skyrun.cloud;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** One reading of a VM cluster's log objects ({@link VmStatus#logs}): how far each node's log has been handed on. */
final class VmLogs {

    /** How skyrun's own lines in a log begin (its messages, {@code exec.JobScript}'s setup and run marks). */
    private static final String OURS = "skyrun: ";

    private final VmStatus status;
    private final Consumer<LogLine> sink;
    private final int[] sent;

    VmLogs(VmStatus status, int ranks, Consumer<LogLine> sink) {
        this.status = status;
        this.sink = sink;
        this.sent = new int[ranks];
    }

    void read(LogQuery query, Supplier<NodeState> state, Duration poll) {
        boolean ended = !query.follow();
        FollowOutage outage = new FollowOutage();
        while (true) {
            try {
                for (int r = 0; r < sent.length; r++) {
                    if (query.node().isEmpty() || query.node().getAsInt() == r) {
                        emit(r, status.read(status.keys().log(r)).orElse(""), ended);
                    }
                }
                if (ended) {
                    return;
                }
                ended = state.get().ended();
                outage.answered();
            } catch (CloudException e) {
                if (!query.follow()) {
                    throw e;
                }
                outage.failed(e); // the read is tried again after the pause, the last one after the job ended too
                if (!FollowPause.sleep(poll)) {
                    return;
                }
                continue;
            }
            if (!ended && !FollowPause.sleep(poll)) {
                return;
            }
        }
    }

    /** Sends node {@code rank}'s complete lines not sent yet, and a last partial one when {@code flush}. */
    private void emit(int rank, String log, boolean flush) {
        int pos = sent[rank];
        while (pos < log.length()) {
            int nl = log.indexOf('\n', pos);
            if (nl < 0 && !flush) {
                break;
            }
            int end = nl < 0 ? log.length() : nl;
            String line = log.substring(pos, end);
            sink.accept(new LogLine(rank, line.startsWith(OURS), line));
            pos = end + 1;
        }
        sent[rank] = Math.max(sent[rank], Math.min(pos, log.length()));
    }
}

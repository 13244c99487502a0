package dev.skyrun.gcp;

import com.google.cloud.aiplatform.v1.CancelCustomJobRequest;
import com.google.cloud.aiplatform.v1.CreateCustomJobRequest;
import com.google.cloud.aiplatform.v1.CustomJob;
import com.google.cloud.aiplatform.v1.DeleteCustomJobRequest;
import com.google.cloud.aiplatform.v1.GetCustomJobRequest;
import com.google.cloud.aiplatform.v1.JobServiceGrpc;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.ListCustomJobsRequest;
import com.google.cloud.aiplatform.v1.ListCustomJobsResponse;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of Vertex AI's JobService (gRPC, plaintext, 127.0.0.1): CustomJobs created
 * QUEUED, read, listed with a {@code labels.KEY="VALUE"} filter, cancelled (CANCELLING, then
 * CANCELLED on the next read) and deleted (refused while the job runs, as the API does). Every
 * request is kept, so a test asserts what the real client sent.
 */
final class FakeVertex implements AutoCloseable {

    private static final Pattern LABEL = Pattern.compile("labels\\.([a-z0-9_-]+)(?:=\"([^\"]*)\"|:\\*)");

    /** job resource name -> job. */
    final Map<String, CustomJob> jobs = new ConcurrentHashMap<>();
    /** Every request received, in order. */
    final List<Message> requests = new CopyOnWriteArrayList<>();
    private final Deque<Status> createFailures = new ArrayDeque<>();
    private final Deque<Status> listFailures = new ArrayDeque<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final Server server;

    FakeVertex() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    InsecureServerCredentials.create()).addService(new Service()).build().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    /** The next create fails with this status. */
    synchronized void failNextCreate(Status status) {
        createFailures.add(status);
    }

    /** The next list fails with this status. */
    synchronized void failNextList(Status status) {
        listFailures.add(status);
    }

    /** Moves a job to a state, with an error for FAILED. */
    void set(String name, JobState state, String error) {
        CustomJob.Builder b = jobs.get(name).toBuilder().setState(state);
        if (error != null) {
            b.setError(com.google.rpc.Status.newBuilder().setCode(Code.UNAVAILABLE_VALUE).setMessage(error));
        }
        jobs.put(name, b.build());
    }

    /** The requests of one type. */
    <T extends Message> List<T> received(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    /** Answers with the next scripted failure of {@code failures}, if there is one; whether it did. */
    private boolean failedNext(Deque<Status> failures, StreamObserver<?> out) {
        Status failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure == null) {
            return false;
        }
        out.onError(failure.asRuntimeException());
        return true;
    }

    /** Records {@code req}; the job called {@code name}, or null after answering NOT_FOUND. */
    private CustomJob known(Message req, String name, StreamObserver<?> out) {
        requests.add(req);
        CustomJob job = jobs.get(name);
        if (job == null) {
            out.onError(Status.NOT_FOUND.withDescription("CustomJob " + name + " not found").asRuntimeException());
        }
        return job;
    }

    private final class Service extends JobServiceGrpc.JobServiceImplBase {

        @Override
        public void createCustomJob(CreateCustomJobRequest req, StreamObserver<CustomJob> out) {
            requests.add(req);
            if (failedNext(createFailures, out)) {
                return;
            }
            String name = req.getParent() + "/customJobs/" + ids.incrementAndGet();
            CustomJob job = req.getCustomJob().toBuilder().setName(name).setState(JobState.JOB_STATE_QUEUED).build();
            jobs.put(name, job);
            reply(out, job);
        }

        @Override
        public void getCustomJob(GetCustomJobRequest req, StreamObserver<CustomJob> out) {
            CustomJob job = known(req, req.getName(), out);
            if (job == null) {
                return;
            }
            if (job.getState() == JobState.JOB_STATE_CANCELLING) {
                jobs.put(req.getName(), job.toBuilder().setState(JobState.JOB_STATE_CANCELLED).build());
            }
            reply(out, job);
        }

        @Override
        public void listCustomJobs(ListCustomJobsRequest req, StreamObserver<ListCustomJobsResponse> out) {
            requests.add(req);
            if (failedNext(listFailures, out)) {
                return;
            }
            Matcher m = LABEL.matcher(req.getFilter());
            Map<String, String> wanted = new ConcurrentHashMap<>();
            while (m.find()) {
                wanted.put(m.group(1), m.group(2) == null ? "*" : m.group(2));
            }
            ListCustomJobsResponse.Builder b = ListCustomJobsResponse.newBuilder();
            jobs.values().stream().filter(j -> j.getName().startsWith(req.getParent() + "/"))
                    .filter(j -> wanted.entrySet().stream().allMatch(e -> j.getLabelsMap().containsKey(e.getKey())
                            && (e.getValue().equals("*") || e.getValue().equals(j.getLabelsMap().get(e.getKey())))))
                    .forEach(b::addCustomJobs);
            reply(out, b.build());
        }

        @Override
        public void cancelCustomJob(CancelCustomJobRequest req, StreamObserver<Empty> out) {
            CustomJob job = known(req, req.getName(), out);
            if (job == null) {
                return;
            }
            jobs.put(req.getName(), job.toBuilder().setState(JobState.JOB_STATE_CANCELLING).build());
            reply(out, Empty.getDefaultInstance());
        }

        @Override
        public void deleteCustomJob(DeleteCustomJobRequest req, StreamObserver<Operation> out) {
            CustomJob job = known(req, req.getName(), out);
            if (job == null) {
                return;
            }
            if (!VertexJobs.TERMINAL.contains(job.getState())) {
                out.onError(Status.FAILED_PRECONDITION.withDescription("The CustomJob " + req.getName() + " is in state "
                        + job.getState() + "; cancel it first").asRuntimeException());
                return;
            }
            jobs.remove(req.getName());
            reply(out, Operation.newBuilder().setName(req.getName() + "/operations/1").setDone(true)
                    .setResponse(Any.pack(Empty.getDefaultInstance())).build());
        }

        private <T> void reply(StreamObserver<T> out, T value) {
            out.onNext(value);
            out.onCompleted();
        }
    }
}

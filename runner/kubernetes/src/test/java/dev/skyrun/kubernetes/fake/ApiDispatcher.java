package dev.skyrun.kubernetes.fake;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher (the API implementation: objects stored, listed by label, updated,
 * deleted) with what it cannot answer added: the pod log subresource
 * {@code GET /api/v1/namespaces/NS/pods/NAME/log}, served from the stand-in kubelet's container as
 * a kubelet would (stdout and stderr in one stream; 400 while the container has not started), and
 * {@code SelfSubjectAccessReview}s, answered by an RBAC stand-in that allows everything but the
 * resources {@link #deny}ed.
 */
public final class ApiDispatcher extends Dispatcher {

    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private static final String REVIEW = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    private volatile BiFunction<String, String, Optional<String>> logs = (ns, pod) -> Optional.empty();
    private final java.util.Set<String> denied = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The RBAC stand-in refuses every verb on {@code resource} from now on. */
    public void deny(String resource) {
        denied.add(resource);
    }

    /** Where logs come from: namespace and pod to the container's output, empty while it has none. */
    public void serveLogsFrom(BiFunction<String, String, Optional<String>> source) {
        this.logs = source;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher m = LOG.matcher(request.getPath());
        if (m.matches() && "GET".equals(request.getMethod())) {
            return logs.apply(m.group(1), m.group(2)).map(text -> new MockResponse().setResponseCode(200)
                    .setHeader("Content-Type", "text/plain").setBody(text))
                    .orElseGet(() -> new MockResponse().setResponseCode(400).setHeader("Content-Type", "application/json")
                            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"container \\\"job\\\""
                                    + " in pod \\\"" + m.group(2) + "\\\" is waiting to start: ContainerCreating\",\"reason\":\"BadRequest\",\"code\":400}"));
        }
        if (request.getPath().startsWith(REVIEW) && "POST".equals(request.getMethod())) {
            String body = request.getUtf8Body();
            Matcher r = Pattern.compile("\"resource\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
            boolean allowed = !(r.find() && denied.contains(r.group(1)));
            String answer = body.replaceFirst("\\}\\s*$", ",\"status\":{\"allowed\":" + allowed
                    + (allowed ? "" : ",\"reason\":\"no RBAC rule allows it\"") + "}}");
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(answer);
        }
        return crud.dispatch(request);
    }
}

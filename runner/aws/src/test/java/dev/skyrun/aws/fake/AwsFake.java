package dev.skyrun.aws.fake;

import static dev.skyrun.aws.fake.Xml.el;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skyrun.testkit.FakeHttpServer;
import dev.skyrun.testkit.FakeHttpServer.Reply;
import dev.skyrun.testkit.FakeHttpServer.Request;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback AWS for tests: EC2 (Query API, form-encoded POST, 2016-11-15 XML and the documented
 * error XML), SSM Parameter Store (JSON 1.1 protocol), SageMaker training jobs and CloudWatch Logs
 * ({@link SageMakerWorld}), STS GetCallerIdentity and S3 HeadBucket, on one
 * {@link FakeHttpServer}. Tests queue errors per action and play the provider through {@link #ec2()}.
 */
public final class AwsFake implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final List<String> ZONES = List.of("us-east-1a", "us-east-1b");

    private record Failure(String code, int status) {}

    private final FakeHttpServer server = FakeHttpServer.start();
    private final Ec2World world = new Ec2World();
    private final Ec2Actions actions = new Ec2Actions(world);
    private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final java.util.Set<String> buckets = ConcurrentHashMap.newKeySet();
    private final PriceListFake priceList = new PriceListFake();
    private final SageMakerWorld sagemaker = new SageMakerWorld();
    private final Map<String, List<Long>> answeredAt = new ConcurrentHashMap<>();
    private final java.util.Set<String> losing = ConcurrentHashMap.newKeySet();

    public AwsFake() {
        server.route(r -> true, this::serve);
    }

    public URI uri() {
        return server.uri();
    }

    public Ec2World ec2() {
        return world;
    }

    /** SageMaker training jobs and their CloudWatch Logs. */
    public SageMakerWorld sagemaker() {
        return sagemaker;
    }

    /** SSM parameters by name, as stored. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** Buckets S3 HeadBucket (path style, {@code HEAD /BUCKET}) finds; S3 itself is S3Mock's job. */
    public java.util.Set<String> buckets() {
        return buckets;
    }

    public List<Request> requests() {
        return server.requests();
    }

    /** The EC2/STS actions received, in order. */
    public List<Form> actions(String action) {
        return requests().stream().filter(r -> r.header("X-Amz-Target") == null).map(r -> Form.parse(r.body()))
                .filter(f -> action.equals(f.get("Action"))).toList();
    }

    /** The pauses between the calls of {@code action} so far, in milliseconds (a client's backoff). */
    public List<Long> pausesMs(String action) {
        List<Long> at = answeredAt.getOrDefault(action, List.of());
        List<Long> out = new ArrayList<>();
        for (int i = 1; i < at.size(); i++) {
            out.add((at.get(i) - at.get(i - 1)) / 1_000_000);
        }
        return out;
    }

    /** The next call of {@code action} is carried out, but its answer is lost: the client gets a 500 instead. */
    public void loseNextAnswer(String action) {
        losing.add(action);
    }

    /** The next {@code times} calls of {@code action} fail with {@code code} and HTTP {@code status}. */
    public void fail(String action, String code, int status, int times) {
        Deque<Failure> q = failures.computeIfAbsent(action, a -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(new Failure(code, status));
        }
    }

    private Reply serve(Request r) throws IOException {
        if (r.method().equals("HEAD")) {
            boolean found = buckets.contains(r.path().replaceAll("^/|/$", ""));
            return new Reply(found ? 200 : 404, "application/xml", new byte[0], Map.of("x-amz-request-id", "req-head"));
        }
        String target = r.header("X-Amz-Target");
        String action = target != null ? target.substring(target.indexOf('.') + 1) : Form.parse(r.body()).get("Action");
        answeredAt.computeIfAbsent(action, a -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(System.nanoTime());
        Deque<Failure> q = failures.get(action);
        Failure f = q == null ? null : q.poll();
        if (f != null) {
            return target != null
                    ? new Reply(f.status(), "application/x-amz-json-1.1",
                            ("{\"__type\":\"" + f.code() + "\",\"message\":\"fake " + f.code() + "\"}").getBytes(), Map.of("x-amzn-RequestId", "req-" + f.code()))
                    : Reply.xml(f.status(), Xml.error(f.code(), "fake " + f.code() + " for " + action, "req-" + f.code()));
        }
        if (target != null && target.startsWith("AWSPriceListService.")) {
            return new Reply(200, "application/x-amz-json-1.1", priceList.getProducts(json.readTree(r.body())).getBytes(), Map.of());
        }
        if (target != null && (target.startsWith("SageMaker.") || target.startsWith("Logs_20140328."))) {
            return sagemaker.handle(action, json.readTree(r.body()));
        }
        if (target != null) {
            return ssm(action, json.readTree(r.body()));
        }
        Form form = Form.parse(r.body());
        if ("GetCallerIdentity".equals(action)) {
            return Reply.xml(200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                    + el("Arn", "arn:aws:iam::123456789012:user/skyrun-test") + el("UserId", "AIDAFAKE") + el("Account", "123456789012")
                    + "</GetCallerIdentityResult><ResponseMetadata>" + el("RequestId", UUID.randomUUID()) + "</ResponseMetadata></GetCallerIdentityResponse>");
        }
        Reply reply = actions.handle(action, form, signedRegion(r));
        return losing.remove(action) ? Reply.xml(500, Xml.error("InternalError", "fake: the answer was lost", "req-lost")) : reply;
    }

    private Reply ssm(String action, JsonNode body) {
        ObjectNode out = json.createObjectNode();
        switch (action) {
            case "PutParameter" -> {
                parameters.put(body.get("Name").asText(), body.get("Value").asText());
                out.put("Version", 1).put("Tier", "Standard");
            }
            case "GetParameter" -> {
                String value = parameters.get(body.get("Name").asText());
                if (value == null) {
                    return new Reply(400, "application/x-amz-json-1.1",
                            "{\"__type\":\"ParameterNotFound\",\"message\":\"not found\"}".getBytes(), Map.of());
                }
                out.putObject("Parameter").put("Name", body.get("Name").asText()).put("Type", "SecureString").put("Value", value).put("Version", 1);
            }
            case "GetParametersByPath" -> {
                var arr = out.putArray("Parameters");
                String path = body.get("Path").asText();
                parameters.forEach((k, v) -> {
                    if (k.startsWith(path)) {
                        arr.addObject().put("Name", k).put("Type", "SecureString").put("Value", v);
                    }
                });
            }
            case "DeleteParameters" -> {
                var deleted = out.putArray("DeletedParameters");
                out.putArray("InvalidParameters");
                body.get("Names").forEach(n -> {
                    if (parameters.remove(n.asText()) != null) {
                        deleted.add(n.asText());
                    }
                });
            }
            default -> {
                return new Reply(400, "application/x-amz-json-1.1", ("{\"__type\":\"InvalidAction\",\"message\":\"" + action + "\"}").getBytes(), Map.of());
            }
        }
        return new Reply(200, "application/x-amz-json-1.1", out.toString().getBytes(), Map.of());
    }

    /** The region of the request's SigV4 credential scope ({@code Credential=AKID/DATE/REGION/SERVICE/aws4_request}). */
    private static String signedRegion(Request r) {
        String auth = r.header("Authorization");
        int at = auth == null ? -1 : auth.indexOf("Credential=");
        if (at < 0) {
            return REGION;
        }
        String[] scope = auth.substring(at + "Credential=".length()).split("[/,]");
        return scope.length > 2 ? scope[2] : REGION;
    }

    /** The Price List (Pricing API) the fake serves. */
    public PriceListFake priceList() {
        return priceList;
    }

    /** The GetProducts requests received, as JSON bodies. */
    public List<JsonNode> priceListRequests() {
        List<JsonNode> out = new ArrayList<>();
        for (Request r : requests()) {
            if ("AWSPriceListService.GetProducts".equals(r.header("X-Amz-Target"))) {
                try {
                    out.add(json.readTree(r.body()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /** Sets the spot price EC2 reports for an instance type in a zone (of any region). */
    public void spotPrice(String instanceType, String zone, String price) {
        actions.spotPrices.computeIfAbsent(instanceType, t -> new java.util.concurrent.ConcurrentHashMap<>()).put(zone, price);
    }

    /** Every request body the fake received, for leak checks. */
    public List<String> bodies() {
        List<String> out = new ArrayList<>();
        requests().forEach(r -> out.add(r.body()));
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}

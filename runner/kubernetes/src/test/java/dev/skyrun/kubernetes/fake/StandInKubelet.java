package dev.skyrun.kubernetes.fake;

import dev.skyrun.testkit.Docker;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler and kubelet of a test cluster whose API is fabric8's mock server: each pod is
 * placed on a node whose labels match its node selector, whose taints it tolerates and that has
 * its extended resources free, else marked {@code PodScheduled=False, Unschedulable}; a placed pod's
 * container runs on the local Docker engine (its image, command, env, {@code envFrom} Secret and
 * hostname; a pod under a headless service is reachable by {@code HOSTNAME.SUBDOMAIN} on the
 * cluster's Docker network, as cluster DNS resolves it), and its phase, IP and exit code are written
 * back to the pod's status. A pod deleted from the API has its container removed. Every container
 * and the network carry {@link #LABEL}{@code =ID}; {@link #close} removes them.
 */
public final class StandInKubelet implements AutoCloseable {

    /** The label of everything this kubelet makes on the engine. */
    public static final String LABEL = "skyrun-test-kubelet";

    private final KubernetesClient api;
    private final String id;
    private final String network;
    private final Map<String, String> containers = new ConcurrentHashMap<>();
    private final Set<String> ended = ConcurrentHashMap.newKeySet();
    private final Thread loop;
    private volatile Throwable failure;

    public StandInKubelet(KubernetesClient api, String id) {
        this.api = api;
        this.id = id;
        this.network = "skyrun-k8s-" + id;
        check(Docker.docker("network", "create", "--label", LABEL + "=" + id, network));
        this.loop = new Thread(this::run, "kubelet-" + id);
        loop.setDaemon(true);
        loop.start();
    }

    /** The first error the kubelet met, if any (a test fails on it rather than on a timeout). */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** The node-pressure eviction of a running pod: its container is killed and the pod failed with reason Evicted. */
    public synchronized void evict(String namespace, String pod) {
        String key = namespace + "/" + pod;
        ended.add(key);
        Optional.ofNullable(containers.get(key)).ifPresent(c -> Docker.docker("kill", c, c + "-pause"));
        api.pods().inNamespace(namespace).withName(pod).editStatus(p -> {
            PodStatus s = p.getStatus();
            s.setPhase("Failed");
            s.setReason("Evicted");
            s.setMessage("The node was low on resource: memory.");
            List<PodCondition> conditions = new ArrayList<>(Optional.ofNullable(s.getConditions()).orElse(List.of()));
            conditions.add(condition("DisruptionTarget", "True", "TerminationByKubelet", "Node pressure eviction"));
            s.setConditions(conditions);
            return p;
        });
    }

    /** Containers this kubelet runs now. */
    public List<String> containers() {
        return Docker.containersLabelled(LABEL, id);
    }

    /** The container output of a pod, if it has started. */
    public Optional<String> logs(String namespace, String pod) {
        String c = containers.get(namespace + "/" + pod);
        if (c == null) {
            return Optional.empty();
        }
        Docker.Result r = Docker.docker("logs", c);
        return r.code() == 0 ? Optional.of(r.output()) : Optional.empty();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                step();
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }

    private synchronized void step() {
        List<Pod> pods = api.pods().inAnyNamespace().list().getItems();
        Set<String> present = new HashSet<>();
        for (Pod pod : pods) {
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            present.add(key);
            if (ended.contains(key)) {
                continue;
            }
            if (pod.getSpec().getNodeName() == null) {
                schedule(pod, pods);
            } else if (!containers.containsKey(key)) {
                start(key, pod);
            } else {
                reap(key, pod);
            }
        }
        for (String key : List.copyOf(containers.keySet())) {
            if (!present.contains(key)) {
                String name = containers.remove(key);
                Docker.docker("rm", "-f", name, name + "-pause");
                ended.remove(key);
            }
        }
    }

    private void schedule(Pod pod, List<Pod> pods) {
        List<Node> nodes = api.nodes().list().getItems();
        Optional<String> why = Optional.empty();
        for (Node node : nodes) {
            why = NodeFit.refusal(node, pod, pods);
            if (why.isEmpty()) {
                api.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .edit(p -> {
                            p.getSpec().setNodeName(node.getMetadata().getName());
                            return p;
                        });
                return;
            }
        }
        String message = "0/" + nodes.size() + " nodes are available: " + why.orElse("no nodes") + ".";
        boolean already = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Unschedulable".equals(c.getReason()));
        if (!already) {
            editStatus(pod, s -> {
                s.setPhase("Pending");
                s.setConditions(new ArrayList<>(List.of(condition("PodScheduled", "False", "Unschedulable", message))));
            });
        }
    }

    /**
     * Runs the pod as a kubelet does: a sandbox container holds the pod's network (its IP, hostname
     * and DNS name) before the job's container joins it, so the IP is known (and in the downward
     * API's {@code status.podIP}) even for a job that ends at once.
     */
    private void start(String key, Pod pod) {
        Container c = pod.getSpec().getContainers().get(0);
        String name = "k8s-" + id + "-" + pod.getMetadata().getName();
        List<String> sandbox = new ArrayList<>(List.of("run", "-d", "--name", name + "-pause", "--label", LABEL + "=" + id,
                "--network", network, "--hostname", Optional.ofNullable(pod.getSpec().getHostname()).orElse(pod.getMetadata().getName())));
        dnsName(pod).ifPresent(alias -> sandbox.addAll(List.of("--network-alias", alias)));
        sandbox.addAll(List.of(Docker.busybox(), "sleep", "2147483647"));
        check(Docker.docker(sandbox.toArray(String[]::new)));
        containers.put(key, name);
        String ip = Docker.docker("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}",
                name + "-pause").output().strip();
        List<String> args = new ArrayList<>(List.of("create", "--name", name, "--label", LABEL + "=" + id,
                "--network", "container:" + name + "-pause"));
        env(pod, c, ip).forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
        if (c.getWorkingDir() != null) {
            args.addAll(List.of("--workdir", c.getWorkingDir()));
        }
        c.getVolumeMounts().forEach(m -> args.addAll(List.of("--mount", "type=tmpfs,destination=" + m.getMountPath())));
        args.addAll(List.of("--entrypoint", c.getCommand().get(0), c.getImage()));
        args.addAll(c.getCommand().subList(1, c.getCommand().size()));
        args.addAll(c.getArgs());
        check(Docker.docker(args.toArray(String[]::new)));
        check(Docker.docker("start", name));
        editStatus(pod, s -> {
            s.setPhase("Running");
            s.setPodIP(ip);
            s.setHostIP("10.0.0.1");
            s.setConditions(new ArrayList<>(List.of(condition("PodScheduled", "True", null, null),
                    condition("Ready", "True", null, null))));
            s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withReady(true).withNewState().withNewRunning(Instant.now().toString()).endState().build()));
        });
    }

    /** A finished container's exit code goes to the pod's status. */
    private void reap(String key, Pod pod) {
        String[] state = Docker.docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}",
                containers.get(key)).output().strip().split(" ");
        if (state.length < 3 || !("exited".equals(state[0]) || "dead".equals(state[0]))) {
            return;
        }
        int code = Integer.parseInt(state[1]);
        String reason = "true".equals(state[2]) ? "OOMKilled" : code == 0 ? "Completed" : "Error";
        ended.add(key);
        Container c = pod.getSpec().getContainers().get(0);
        editStatus(pod, s -> {
            s.setPhase(code == 0 ? "Succeeded" : "Failed");
            s.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                    .withReady(false).withNewState().withNewTerminated().withExitCode(code).withReason(reason)
                    .withFinishedAt(Instant.now().toString()).endTerminated().endState().build()));
        });
    }

    /** {@code HOSTNAME.SUBDOMAIN} when a headless service of that name selects the pod: what cluster DNS would answer. */
    private Optional<String> dnsName(Pod pod) {
        String sub = pod.getSpec().getSubdomain();
        if (sub == null || pod.getSpec().getHostname() == null) {
            return Optional.empty();
        }
        Service svc = api.services().inNamespace(pod.getMetadata().getNamespace()).withName(sub).get();
        boolean selects = svc != null && "None".equals(svc.getSpec().getClusterIP()) && svc.getSpec().getSelector() != null
                && svc.getSpec().getSelector().entrySet().stream().allMatch(e -> e.getValue().equals(pod.getMetadata().getLabels().get(e.getKey())));
        return selects ? Optional.of(pod.getSpec().getHostname() + "." + sub) : Optional.empty();
    }

    private Map<String, String> env(Pod pod, Container c, String podIp) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getSecretRef() != null) {
                Secret s = api.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(from.getSecretRef().getName()).get();
                if (s == null) {
                    throw new IllegalStateException("pod " + pod.getMetadata().getName() + " refers to missing secret " + from.getSecretRef().getName());
                }
                Optional.ofNullable(s.getData()).orElse(Map.of()).forEach((k, v) ->
                        env.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                Optional.ofNullable(s.getStringData()).orElse(Map.of()).forEach(env::put);
            }
        }
        for (EnvVar e : c.getEnv()) {
            boolean podIpRef = e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
                    && "status.podIP".equals(e.getValueFrom().getFieldRef().getFieldPath());
            env.put(e.getName(), podIpRef ? podIp : e.getValue() == null ? "" : e.getValue());
        }
        return env;
    }

    private void editStatus(Pod pod, java.util.function.Consumer<PodStatus> change) {
        api.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
            if (p.getStatus() == null) {
                p.setStatus(new PodStatus());
            }
            change.accept(p.getStatus());
            return p;
        });
    }

    static PodCondition condition(String type, String status, String reason, String message) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(Instant.now().toString()).build();
    }

    private static void check(Docker.Result r) {
        if (r.code() != 0) {
            throw new IllegalStateException("docker failed: " + r.output());
        }
    }

    @Override
    public void close() {
        loop.interrupt();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Docker.removeLabelled(LABEL, id);
        Docker.networksLabelled(LABEL, id).forEach(n -> Docker.docker("network", "rm", n));
    }
}

package dev.skyrun.aws;

import dev.skyrun.cloud.Cloud;
import dev.skyrun.cloud.CloudResource;
import dev.skyrun.cloud.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A run's secrets as SSM Parameter Store SecureStrings under {@code /skyrun/RUN/CLUSTER/NAME},
 * created at submit and deleted with the cluster (an auxiliary of its teardown). The VM reads them by name with its instance
 * role; values never appear in user data, tags or anything DescribeInstances returns. Values are
 * stored base64-encoded so the VM's shell decodes them byte for byte without a JSON parser.
 */
record SecretParameters(SsmClient ssm, AwsErrors errors) {

    /** The parameter path of a cluster's secrets, ending in {@code /}. */
    static String path(String runId, String clusterName) {
        return "/skyrun/" + runId + "/" + clusterName + "/";
    }

    /** Creates (or overwrites) one SecureString per secret. */
    void put(String path, Map<String, String> secrets) {
        secrets.forEach((name, value) -> errors.call("ssm:PutParameter", () -> ssm.putParameter(r -> r.name(path + name)
                .type(ParameterType.SECURE_STRING).overwrite(true)
                .description("skyrun secret " + name + " (deleted with the cluster)")
                .value(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))));
    }

    /** The parameters of the run (and cluster) the labels name, as resources of kind {@code secret}; none without a run. */
    List<CloudResource> find(Labels labels) {
        String run = labels.values().getOrDefault(Labels.RUN, "");
        if (run.isEmpty()) {
            return List.of(); // only a named run's path is listed, never every home's secrets
        }
        String cluster = labels.values().getOrDefault(Labels.CLUSTER, "");
        String path = cluster.isEmpty() ? "/skyrun/" + run + "/" : path(run, cluster);
        List<CloudResource> out = new ArrayList<>();
        errors.call("ssm:GetParametersByPath", () -> {
            ssm.getParametersByPathPaginator(r -> r.path(path).recursive(true).withDecryption(false)).forEach(page ->
                    page.parameters().forEach(p -> out.add(new CloudResource(AwsProvider.NAME, Cloud.SECRET, p.name(), Map.of()))));
            return null;
        });
        return out;
    }

    /** Deletes one parameter; absent is fine. */
    void delete(String name) {
        errors.call("ssm:DeleteParameters", () -> ssm.deleteParameters(r -> r.names(name)));
    }
}

package dev.skyrun.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A run's secrets as SSM Parameter Store SecureStrings under {@code /skyrun/RUN/CLUSTER/NAME},
 * created at submit and deleted with the cluster. The VM reads them by name with its instance
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

    /** Deletes every parameter under the path; none is fine. */
    void deleteAll(String path) {
        List<String> names = new ArrayList<>();
        errors.call("ssm:GetParametersByPath", () -> {
            ssm.getParametersByPathPaginator(r -> r.path(path).recursive(true)).forEach(page -> page.parameters().forEach(p -> names.add(p.name())));
            return null;
        });
        for (int i = 0; i < names.size(); i += 10) {
            List<String> batch = names.subList(i, Math.min(names.size(), i + 10));
            errors.call("ssm:DeleteParameters", () -> ssm.deleteParameters(r -> r.names(batch)));
        }
    }
}

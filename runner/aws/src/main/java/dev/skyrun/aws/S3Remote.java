package dev.skyrun.aws;

import dev.skyrun.storage.RcloneRemote;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rclone S3 remote of the AWS settings: the same endpoint, region and credentials as the S3
 * store ({@link AwsConfig}); without static keys, and always on a node, rclone's own AWS chain
 * ({@code env_auth}: the environment, {@code ~/.aws}, the instance's role).
 */
final class S3Remote {

    private S3Remote() {}

    /** The remote for this machine: the configured keys, if any. */
    static RcloneRemote of(AwsConfig config) {
        Map<String, String> o = base(config, config.region());
        config.staticCredentials().ifPresentOrElse(keys -> {
            o.put("access_key_id", keys[0]);
            o.put("secret_access_key", keys[1]);
        }, () -> o.put("env_auth", "true"));
        return new RcloneRemote("s3", o);
    }

    /** The remote for a node in {@code region}: its instance role, never a key. */
    static RcloneRemote onNode(AwsConfig config, String region) {
        Map<String, String> o = base(config, region);
        o.put("env_auth", "true");
        return new RcloneRemote("s3", o);
    }

    private static Map<String, String> base(AwsConfig config, String region) {
        Map<String, String> o = new LinkedHashMap<>();
        Optional<String> endpoint = config.endpoint("s3").map(Object::toString);
        o.put("provider", endpoint.isPresent() ? "Other" : "AWS");
        o.put("region", region);
        endpoint.ifPresent(e -> o.put("endpoint", e));
        o.put("force_path_style", Boolean.toString(config.pathStyle()));
        return o;
    }
}

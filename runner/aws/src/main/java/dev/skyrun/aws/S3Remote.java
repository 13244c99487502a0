package dev.skyrun.aws;

import dev.skyrun.storage.RcloneRemote;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rclone S3 remote of the AWS settings: the same endpoint, region and credentials as the S3
 * store ({@link AwsConfig}); without static keys, rclone's own AWS chain ({@code env_auth}: the
 * environment, {@code ~/.aws}, the instance's role).
 */
final class S3Remote {

    private S3Remote() {}

    static RcloneRemote of(AwsConfig config) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("provider", config.endpoint("s3").isPresent() ? "Other" : "AWS");
        o.put("region", config.region());
        config.endpoint("s3").ifPresent(e -> o.put("endpoint", e.toString()));
        o.put("force_path_style", Boolean.toString(config.pathStyle()));
        config.staticCredentials().ifPresentOrElse(keys -> {
            o.put("access_key_id", keys[0]);
            o.put("secret_access_key", keys[1]);
        }, () -> o.put("env_auth", "true"));
        return new RcloneRemote("s3", o);
    }
}

package dev.skyrun.aws;

import dev.skyrun.exec.VmShell;
import dev.skyrun.exec.VmShellParts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS side of a VM's bootstrap: S3 through {@code curl --aws-sigv4} with the instance
 * role's credentials from IMDSv2 (or, in a SageMaker or ECS container, from the container
 * credentials endpoint its {@code AWS_CONTAINER_CREDENTIALS_*} variables name), secrets from SSM Parameter Store (SecureString, base64 values),
 * the spot {@code instance-action} notice and the {@code skyrun-node} tag from instance metadata.
 * Needs only {@code curl} (7.75+), {@code sed}, {@code awk}, {@code base64}: all on the Deep
 * Learning AMIs.
 *
 * @param region the region of the bucket and parameters
 * @param s3Endpoint S3 base URL; objects are addressed path-style under it
 * @param ssmEndpoint SSM base URL
 * @param imdsEndpoint instance metadata base URL
 * @param secretPath the SSM path of the cluster's secrets, ending in {@code /}
 * @param mountEnvironment rclone's S3 remote with the instance role ({@link S3Remote#onNode}) and, when
 *     instance metadata is elsewhere (tests), {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} for its SDK
 */
record Ec2Shell(String region, String s3Endpoint, String ssmEndpoint, String imdsEndpoint, String secretPath,
        Map<String, String> mountEnvironment) implements VmShell {

    private static final String IMDS = "http://169.254.169.254";

    /** The shell for a region's public AWS endpoints (or the configured overrides). */
    static Ec2Shell of(AwsConfig config, String region, String secretPath) {
        String s3 = config.endpoint("s3").map(Object::toString).orElse("https://s3." + region + ".amazonaws.com");
        String ssm = config.endpoint("ssm").map(Object::toString).orElse("https://ssm." + region + ".amazonaws.com");
        String imds = config.settings().property("imds_endpoint").orElse(IMDS);
        Map<String, String> rclone = new LinkedHashMap<>(S3Remote.onNode(config, region).environment());
        if (!imds.equals(IMDS)) {
            rclone.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds);
        }
        return new Ec2Shell(region, VmShellParts.baseUrl(s3), VmShellParts.baseUrl(ssm), VmShellParts.baseUrl(imds), secretPath,
                java.util.Collections.unmodifiableMap(rclone));
    }

    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public String functions() {
        return String.join("\n",
                VmShellParts.assign("AWS_REGION_", region, "S3_URL", s3Endpoint, "SSM_URL", ssmEndpoint),
                VmShellParts.assign("IMDS_URL", imdsEndpoint, "SECRET_PATH", secretPath),
                "imds() {",
                "  _t=$(curl -sf -m 5 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \"$IMDS_URL/latest/api/token\") || return 1",
                "  curl -sf -m 5 -H \"X-aws-ec2-metadata-token: $_t\" \"$IMDS_URL/latest/$1\"",
                "}",
                "aws_creds() {",
                "  if [ -n \"${AWS_ACCESS_KEY_ID:-}\" ]; then AK=$AWS_ACCESS_KEY_ID SK=${AWS_SECRET_ACCESS_KEY:-} ST=${AWS_SESSION_TOKEN:-}; return 0; fi",
                "  if [ -n \"${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-}\" ]; then",
                "    _u=${AWS_CONTAINER_CREDENTIALS_FULL_URI:-http://169.254.170.2${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-}}",
                "    if [ -n \"${AWS_CONTAINER_AUTHORIZATION_TOKEN:-}\" ]; then",
                "      _j=$(curl -sf -m 5 -H \"Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN\" \"$_u\") || return 1",
                "    else _j=$(curl -sf -m 5 \"$_u\") || return 1; fi",
                "  else",
                "    _role=$(imds meta-data/iam/security-credentials/) || return 1",
                "    _j=$(imds \"meta-data/iam/security-credentials/$_role\") || return 1",
                "  fi",
                "  AK=$(printf '%s' \"$_j\" | sed -n 's/.*\"AccessKeyId\" *: *\"\\([^\"]*\\)\".*/\\1/p')",
                "  SK=$(printf '%s' \"$_j\" | sed -n 's/.*\"SecretAccessKey\" *: *\"\\([^\"]*\\)\".*/\\1/p')",
                "  ST=$(printf '%s' \"$_j\" | sed -n 's/.*\"Token\" *: *\"\\([^\"]*\\)\".*/\\1/p')",
                "}",
                "aws_curl() {",
                "  _svc=$1; shift",
                "  aws_creds || return 1",
                "  if [ -n \"$ST\" ]; then set -- -H \"x-amz-security-token: $ST\" \"$@\"; fi",
                "  curl -sSf -g -m 300 --retry 3 --aws-sigv4 \"aws:amz:$AWS_REGION_:$_svc\" --user \"$AK:$SK\" \"$@\"",
                "}",
                VmShellParts.urlenc(),
                "store_put() { aws_curl s3 -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -o /dev/null -T \"$3\" \"$S3_URL/$1/$(urlenc \"$2\" /)\"; }",
                "store_get() { aws_curl s3 -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' -o \"$3\" \"$S3_URL/$1/$(urlenc \"$2\" /)\" 2>/dev/null; }",
                VmShellParts.storeList("list-type=2&prefix=$(urlenc \"$2\")", "continuation-token",
                        "aws_curl s3 -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' \"$S3_URL/$1?$_q\"",
                        "tr '<' '\\n' | sed -n 's/^Key>//p' | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/\"/g; s/&apos;/'\"'\"'/g; s/&amp;/\\&/g'",
                        "tr '<' '\\n' | sed -n 's/^NextContinuationToken>//p'"),
                "secret_get() {",
                "  _b=$(aws_curl ssm -H 'X-Amz-Target: AmazonSSM.GetParameter' -H 'Content-Type: application/x-amz-json-1.1'"
                        + " --data-binary \"{\\\"Name\\\":\\\"$SECRET_PATH$1\\\",\\\"WithDecryption\\\":true}\" \"$SSM_URL/\") || return 1",
                "  printf '%s' \"$_b\" | sed -n 's|.*\"Value\" *: *\"\\([A-Za-z0-9+/=]*\\)\".*|\\1|p' | base64 -d",
                "}",
                "preempt_notice() { imds meta-data/spot/instance-action; }",
                "node_rank() { imds meta-data/tags/instance/skyrun-node; }");
    }
}

package dev.skyrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skyrun.aws.fake.AwsFake;
import dev.skyrun.aws.fake.Form;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skyrun check} as a user runs it: a separate process with its own environment (no
 * credentials but the ones given), the AWS plug-in talking to the loopback AWS fake through the
 * real SDK. The secret key is a canary that must appear nowhere in what the command printed.
 */
class CheckCommandIT {

    @TempDir
    Path tmp;

    AwsFake aws;
    final String canaryKey = "canary-secret-" + UUID.randomUUID();
    final String keyId = "AKIDCANARY" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    @BeforeEach
    void start() {
        aws = new AwsFake();
        aws.buckets().add("skyrun-state");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private Map<String, String> awsEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("SKYRUN_AWS_ENDPOINT", aws.uri().toString());
        env.put("SKYRUN_AWS_REGION", AwsFake.REGION);
        env.put("SKYRUN_AWS_BUCKET", "skyrun-state");
        env.put("SKYRUN_AWS_ACCESS_KEY_ID", keyId);
        env.put("SKYRUN_AWS_SECRET_ACCESS_KEY", canaryKey);
        env.put("SKYRUN_AWS_RETRY_BASE_MS", "1");
        return env;
    }

    @Test
    void workingAwsSaysWhoAndWhatWorksAndNeverPrintsTheKey() throws Exception {
        CliProcess.Result r = CliProcess.run(tmp, awsEnv(), "check", "aws");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("aws: ok (arn:aws:iam::123456789012:user/skyrun-test)")
                .contains("sts:GetCallerIdentity: ok").contains("ec2:RunInstances: ok (dry run in us-east-1)")
                .contains("s3 status bucket: ok (skyrun-state)").contains("Usable: aws.");
        assertNoCredentialIn(r);
        Form probe = aws.actions("RunInstances").get(0);
        assertThat(probe.get("DryRun")).isEqualTo("true");
        assertThat(aws.ec2().instances).as("a dry run makes no instance").isEmpty();
        assertThat(aws.bodies()).noneMatch(b -> b.contains(canaryKey));
    }

    @Test
    void aMissingPermissionIsNamedWithItsFixAndNoUsableCloudExitsThree() throws Exception {
        aws.fail("RunInstances", "UnauthorizedOperation", 403, 1);
        CliProcess.Result r = CliProcess.run(tmp, awsEnv(), "check", "aws", "-o", "json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        JsonNode view = new ObjectMapper().readTree(r.out());
        assertThat(view.get("working")).isEmpty();
        JsonNode awsCheck = view.get("clouds").get(0);
        assertThat(awsCheck.get("cloud").asText()).isEqualTo("aws");
        assertThat(awsCheck.get("ok").asBoolean()).isFalse();
        assertThat(awsCheck.get("details").toString()).contains("ec2:RunInstances: missing: UnauthorizedOperation")
                .contains("Fix: allow ec2:RunInstances");
        assertNoCredentialIn(r);
    }

    @Test
    void rejectedCredentialsStopAtStsAndSayWhatToFix() throws Exception {
        aws.fail("GetCallerIdentity", "InvalidClientTokenId", 403, 1);
        CliProcess.Result r = CliProcess.run(tmp, awsEnv(), "check", "aws");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(r.out()).contains("aws: NOT USABLE").contains("InvalidClientTokenId").contains("Fix:")
                .contains("No cloud is usable");
        assertThat(aws.actions("RunInstances")).isEmpty();
        assertNoCredentialIn(r);
    }

    @Test
    void noCredentialsAtAllIsSaidPlainly() throws Exception {
        Map<String, String> env = awsEnv();
        env.remove("SKYRUN_AWS_ACCESS_KEY_ID");
        env.remove("SKYRUN_AWS_SECRET_ACCESS_KEY");
        CliProcess.Result r = CliProcess.run(tmp, env, "check", "aws");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(r.out()).contains("credentials: missing").contains("AWS_PROFILE");
        assertThat(aws.requests()).as("nothing is sent without credentials").isEmpty();
    }

    @Test
    void oneUsableCloudIsEnoughAndAnUnusableOneIsStillListed() throws Exception {
        CliProcess.Result r = CliProcess.run(tmp, awsEnv(), "check", "aws", "gcp", "-o", "json");

        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode view = new ObjectMapper().readTree(r.out());
        assertThat(view.get("clouds")).extracting(c -> c.get("cloud").asText()).containsExactly("aws", "gcp");
        assertThat(view.get("working")).extracting(JsonNode::asText).containsExactly("aws");
        assertNoCredentialIn(r);
    }

    @Test
    void anUnknownCloudIsAUsageError() throws Exception {
        CliProcess.Result r = CliProcess.run(tmp, awsEnv(), "check", "nosuchcloud");
        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("nosuchcloud").contains("aws");
    }

    private void assertNoCredentialIn(CliProcess.Result r) {
        assertThat(r.out() + r.err()).doesNotContain(canaryKey).doesNotContain(keyId);
    }
}

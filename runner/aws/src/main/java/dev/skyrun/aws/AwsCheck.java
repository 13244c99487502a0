package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code skyrun check} for AWS: whether credentials are found and who they are (STS
 * GetCallerIdentity), whether they may look up images and launch instances (a dry-run
 * RunInstances: {@code DryRunOperation} means allowed, {@code UnauthorizedOperation} missing),
 * and whether the run-status bucket is reachable. Each line says what to do when a step fails.
 * Prints the principal's ARN and where the credentials came from, never a key.
 */
final class AwsCheck {

    /** The instance type of the dry-run probe: cheap and offered in every region. */
    static final String PROBE_TYPE = "t3.micro";

    private final AwsErrors errors;
    private final List<String> details = new ArrayList<>();

    private AwsCheck(AwsErrors errors) {
        this.errors = errors;
    }

    /** Runs the checks in order; a step that cannot work without the one before is skipped. */
    static CredentialCheck run(AwsCredentialsProvider credentials, StsClient sts, Ec2Client ec2, S3Client s3,
            Optional<String> bucket, AwsErrors errors, AmiFinder amis) {
        return new AwsCheck(errors).run(credentials, sts, ec2, s3, bucket, amis);
    }

    private CredentialCheck run(AwsCredentialsProvider credentials, StsClient sts, Ec2Client ec2, S3Client s3,
            Optional<String> bucket, AmiFinder amis) {
        if (!credentialsFound(credentials)) {
            return result(false, "none");
        }
        String identity;
        try {
            identity = errors.call("sts:GetCallerIdentity", () -> sts.getCallerIdentity().arn());
            details.add("sts:GetCallerIdentity: ok");
        } catch (CloudException e) {
            details.add("sts:GetCallerIdentity: " + e.getMessage());
            return result(false, "unknown");
        }
        boolean ok = launchAllowed(ec2, amis);
        ok &= bucketReachable(s3, bucket);
        return result(ok, identity);
    }

    private boolean credentialsFound(AwsCredentialsProvider provider) {
        try {
            AwsCredentials c = provider.resolveCredentials();
            details.add("credentials: found (" + c.providerName().orElse(provider.getClass().getSimpleName()) + ")");
            return true;
        } catch (SdkException e) {
            details.add("credentials: missing: none found. Fix: set AWS_PROFILE (a profile in ~/.aws/credentials), or "
                    + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an instance role or SSO session applies");
            return false;
        }
    }

    private boolean launchAllowed(Ec2Client ec2, AmiFinder amis) {
        String image;
        try {
            image = amis.imageFor(ec2, errors, PROBE_TYPE);
            details.add("ec2:DescribeImages: ok (" + image + " in " + errors.region() + ")");
        } catch (CloudException e) {
            details.add("ec2:DescribeImages: " + e.getMessage());
            return false;
        }
        try {
            ec2.runInstances(r -> r.dryRun(true).imageId(image).instanceType(PROBE_TYPE).minCount(1).maxCount(1));
            details.add("ec2:RunInstances: unexpected answer to a dry run (no DryRunOperation)");
            return false;
        } catch (AwsServiceException e) {
            if ("DryRunOperation".equals(AwsErrors.code(e))) {
                details.add("ec2:RunInstances: ok (dry run in " + errors.region() + ")");
                return true;
            }
            details.add("ec2:RunInstances: missing: " + AwsErrors.code(e) + " (request id " + e.requestId() + "). Fix: allow "
                    + "ec2:RunInstances, ec2:CreateTags, ec2:TerminateInstances and ec2:Describe* in the IAM policy");
            return false;
        } catch (SdkException e) {
            details.add("ec2:RunInstances: no answer: " + e.getMessage());
            return false;
        }
    }

    private boolean bucketReachable(S3Client s3, Optional<String> bucket) {
        if (bucket.isEmpty()) {
            details.add("s3 status bucket: missing: none set. Fix: set SKYRUN_AWS_BUCKET to a bucket the credentials and "
                    + "the instances' role can read and write");
            return false;
        }
        try {
            s3.headBucket(r -> r.bucket(bucket.get()));
            details.add("s3 status bucket: ok (" + bucket.get() + ")");
            return true;
        } catch (AwsServiceException e) {
            details.add("s3 status bucket: " + bucket.get() + ": " + AwsErrors.code(e) + " (request id " + e.requestId()
                    + "). Fix: create it, or allow s3:ListBucket, s3:GetObject and s3:PutObject on it");
            return false;
        } catch (SdkException e) {
            details.add("s3 status bucket: " + bucket.get() + ": no answer: " + e.getMessage());
            return false;
        }
    }

    private CredentialCheck result(boolean ok, String identity) {
        return new CredentialCheck(AwsProvider.NAME, ok, identity, details);
    }
}

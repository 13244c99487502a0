package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code skyrun check sagemaker}: who the credentials are (STS), whether they may use SageMaker
 * (ListTrainingJobs), whether an execution role ARN is set and well formed, whether the bucket is
 * reachable, and whether the configured job image is an ECR URI (SageMaker pulls from ECR only;
 * skyrun does not push). Each failing line says what to do; no key is printed.
 */
final class SageMakerCheck {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");

    private final List<String> details = new ArrayList<>();

    private SageMakerCheck() {}

    /** Runs every step; a step that needs the one before is skipped. */
    static CredentialCheck run(AwsCredentialsProvider credentials, StsClient sts, SageMakerClient sagemaker, S3Client s3,
            AwsConfig config, AwsErrors errors) {
        return new SageMakerCheck().check(credentials, sts, sagemaker, s3, config, errors);
    }

    private CredentialCheck check(AwsCredentialsProvider credentials, StsClient sts, SageMakerClient sagemaker, S3Client s3,
            AwsConfig config, AwsErrors errors) {
        String identity;
        try {
            credentials.resolveCredentials();
            identity = errors.call("sts:GetCallerIdentity", () -> sts.getCallerIdentity().arn());
            details.add("sts:GetCallerIdentity: ok");
        } catch (SdkException | CloudException e) {
            details.add("credentials: " + e.getMessage() + ". Fix: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            return new CredentialCheck(SageMakerProvider.NAME, false, "unknown", details);
        }
        boolean ok = step("sagemaker:ListTrainingJobs", () -> sagemaker.listTrainingJobs(r -> r.maxResults(1)),
                "allow sagemaker:CreateTrainingJob, DescribeTrainingJob, StopTrainingJob, ListTrainingJobs and ListTags");
        ok &= role(config.settings().property("role_arn"));
        Optional<String> bucket = config.bucket();
        if (bucket.isEmpty()) {
            details.add("bucket: missing: none set. Fix: set SKYRUN_SAGEMAKER_BUCKET to a bucket in " + errors.region()
                    + " that the credentials and the execution role can read and write");
            ok = false;
        } else {
            ok &= step("bucket " + bucket.get(), () -> s3.headBucket(r -> r.bucket(bucket.get())),
                    "create it, or allow s3:ListBucket, s3:GetObject and s3:PutObject on it");
        }
        ok &= image(config.settings().property("image"));
        return new CredentialCheck(SageMakerProvider.NAME, ok, identity, details);
    }

    private boolean role(Optional<String> arn) {
        if (arn.isEmpty()) {
            details.add("execution role: missing: none set. Fix: set SKYRUN_SAGEMAKER_ROLE_ARN to an IAM role SageMaker may assume"
                    + " (trust sagemaker.amazonaws.com; S3, ECR pull, CloudWatch Logs, ssm:GetParameter on /skyrun/*)");
            return false;
        }
        if (!ROLE_ARN.matcher(arn.get()).matches()) {
            details.add("execution role: '" + arn.get() + "' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
            return false;
        }
        details.add("execution role: ok (" + arn.get() + ")");
        return true;
    }

    private boolean image(Optional<String> image) {
        if (image.isEmpty()) {
            details.add("ECR: jobs must name an Amazon ECR image (ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPO:TAG); skyrun does not push");
            return true;
        }
        if (!SageMakerJob.ECR_IMAGE.matcher(image.get()).matches()) {
            details.add("ECR: '" + image.get() + "' is not an ECR image URI. Fix: push it to ECR and name that URI");
            return false;
        }
        details.add("ECR: ok (" + image.get() + ")");
        return true;
    }

    private boolean step(String what, Runnable call, String fix) {
        try {
            call.run();
            details.add(what + ": ok");
            return true;
        } catch (AwsServiceException e) {
            details.add(what + ": " + AwsErrors.code(e) + " (request id " + e.requestId() + "). Fix: " + fix);
        } catch (SdkException e) {
            details.add(what + ": no answer: " + e.getMessage());
        }
        return false;
    }
}

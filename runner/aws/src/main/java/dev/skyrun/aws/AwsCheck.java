package dev.skyrun.aws;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.cloud.CredentialCheck;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code skyrun check} for AWS: who the credentials are (STS GetCallerIdentity), whether they may
 * look up images and launch instances (a dry-run RunInstances), and the status bucket. Prints
 * the principal's ARN, never a key.
 */
final class AwsCheck {

    /** The instance type of the dry-run probe: cheap and offered in every region. */
    static final String PROBE_TYPE = "t3.micro";

    private AwsCheck() {}

    static CredentialCheck run(StsClient sts, Ec2Client ec2, AwsErrors errors, AmiFinder amis) {
        String identity;
        try {
            identity = errors.call("sts:GetCallerIdentity", () -> sts.getCallerIdentity().arn());
        } catch (CloudException e) {
            return new CredentialCheck(AwsProvider.NAME, false, "unknown",
                    List.of("credentials: " + e.getMessage()));
        }
        List<String> details = new ArrayList<>();
        details.add("credentials: ok (" + identity + ")");
        boolean ok = true;
        String image;
        try {
            image = amis.imageFor(ec2, errors, PROBE_TYPE);
            details.add("ec2:DescribeImages: ok (" + image + " in " + errors.region() + ")");
        } catch (CloudException e) {
            details.add("ec2:DescribeImages: " + e.getMessage());
            return new CredentialCheck(AwsProvider.NAME, false, identity, details);
        }
        try {
            ec2.runInstances(r -> r.dryRun(true).imageId(image).instanceType(PROBE_TYPE).minCount(1).maxCount(1));
            details.add("ec2:RunInstances: unexpected answer to a dry run");
            ok = false;
        } catch (AwsServiceException e) {
            if ("DryRunOperation".equals(AwsErrors.code(e))) {
                details.add("ec2:RunInstances: ok (dry run in " + errors.region() + ")");
            } else {
                ok = false;
                details.add("ec2:RunInstances: missing: " + AwsErrors.code(e) + " (request id " + e.requestId()
                        + "); allow ec2:RunInstances, ec2:CreateTags and iam:PassRole for the instance profile");
            }
        }
        return new CredentialCheck(AwsProvider.NAME, ok, identity, details);
    }
}

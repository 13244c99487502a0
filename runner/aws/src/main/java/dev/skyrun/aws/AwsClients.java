package dev.skyrun.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients of one {@link AwsConfig}: one shared HTTP client, the configured
 * endpoints and credentials. EC2, SSM and STS clients do not retry on their own: {@link AwsErrors}
 * retries throttling with backoff and the same client token, so every attempt is visible.
 */
final class AwsClients implements AutoCloseable {

    private final AwsConfig config;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;

    AwsClients(AwsConfig config) {
        this.config = config;
        this.http = Apache5HttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)).build();
        this.credentials = config.staticCredentials()
                .<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(AwsBasicCredentials.create(c[0], c[1])))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    AwsConfig config() {
        return config;
    }

    /** Where the clients' credentials come from: the settings' static keys or the SDK's default chain. */
    AwsCredentialsProvider credentials() {
        return credentials;
    }

    Ec2Client ec2(String region) {
        return noRetry(configure(Ec2Client.builder(), "ec2", region)).build();
    }

    SsmClient ssm(String region) {
        return noRetry(configure(SsmClient.builder(), "ssm", region)).build();
    }

    /** A SageMaker client (endpoint override: {@code sagemaker_endpoint}); throttling is retried by {@link AwsErrors}. */
    SageMakerClient sagemaker(String region) {
        return noRetry(configure(SageMakerClient.builder(), "sagemaker", region)).build();
    }

    /** A CloudWatch Logs client (endpoint override: {@code logs_endpoint}). */
    CloudWatchLogsClient logs(String region) {
        return noRetry(configure(CloudWatchLogsClient.builder(), "logs", region)).build();
    }

    StsClient sts() {
        return noRetry(configure(StsClient.builder(), "sts", config.region())).build();
    }

    /** A Price List (Pricing API) client: the API answers in us-east-1 for every region's prices. */
    PricingClient pricing() {
        return noRetry(configure(PricingClient.builder(), "pricing", "us-east-1")).build();
    }

    /** An S3 client; plain-http endpoints get no chunked bodies or trailing checksums. */
    S3Client s3(String region) {
        var b = configure(S3Client.builder(), "s3", region);
        boolean plainHttp = config.endpoint("s3").map(u -> "http".equals(u.getScheme())).orElse(false);
        b.serviceConfiguration(S3Configuration.builder()
                .pathStyleAccessEnabled(config.pathStyle())
                .chunkedEncodingEnabled(!plainHttp)
                .build());
        if (plainHttp) {
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, String service, String region) {
        builder.httpClient(http).credentialsProvider(credentials).region(Region.of(region));
        config.endpoint(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    private static <B extends AwsClientBuilder<B, C>, C> B noRetry(B builder) {
        return builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    @Override
    public void close() {
        http.close();
    }
}

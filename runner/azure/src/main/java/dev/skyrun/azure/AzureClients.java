package dev.skyrun.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.implementation.ComputeManagementClientBuilder;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.implementation.NetworkManagementClientBuilder;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.implementation.ResourceManagementClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Azure SDK clients of one opened cloud, built on first use over one HTTP pipeline: the JDK's
 * HTTP client (no Netty), the SDK's retry policy (429 and 5xx, honouring {@code Retry-After}) and,
 * against Azure itself, a bearer token from {@code DefaultAzureCredential} (environment, managed
 * identity, Azure CLI). With an endpoint override (a loopback fake) no credential is used.
 */
final class AzureClients {

    private static final String ARM_SCOPE = "https://management.azure.com/.default";

    private final AzureConfig config;
    private final HttpClient http;
    private TokenCredential credential;
    private HttpPipeline arm;
    private ComputeManagementClient compute;
    private NetworkManagementClient network;
    private ResourceManagementClient resources;
    private BlobStore store;

    AzureClients(AzureConfig config) {
        this(config, httpClient(config));
    }

    /** Clients over a given HTTP client (one trusting a private CA, for instance). */
    AzureClients(AzureConfig config, HttpClient http) {
        this.config = config;
        this.http = http;
    }

    /**
     * The JDK's HTTP client; with {@code ca_bundle} (PEM certificates, for private endpoints or a
     * TLS-inspecting proxy, as {@code REQUESTS_CA_BUNDLE} is for the Azure CLI) it trusts those instead of the JDK's.
     */
    static HttpClient httpClient(AzureConfig config) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        config.settings().property("ca_bundle").ifPresent(pem -> jdk.sslContext(CaBundle.sslContext(java.nio.file.Path.of(pem))));
        return new JdkHttpClientBuilder(jdk).build();
    }

    /** The HTTP client every pipeline uses. */
    HttpClient http() {
        return http;
    }

    /** The identity, or empty with an endpoint override. */
    synchronized Optional<TokenCredential> credential() {
        if (config.endpoint().isPresent()) {
            return Optional.empty();
        }
        if (credential == null) {
            credential = new DefaultAzureCredentialBuilder().httpClient(http).build();
        }
        return Optional.of(credential);
    }

    /** A pipeline with retries and, against Azure, a bearer token for {@code scope}. */
    HttpPipeline pipeline(String scope) {
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new UserAgentPolicy("skyrun"));
        policies.add(retryPolicy());
        credential().ifPresent(c -> policies.add(new BearerTokenAuthenticationPolicy(c, scope)));
        return new HttpPipelineBuilder().httpClient(http).policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
    }

    /** A pipeline with retries and no credential, for public APIs (the Retail Prices API). */
    HttpPipeline anonymousPipeline() {
        return new HttpPipelineBuilder().httpClient(http).policies(new UserAgentPolicy("skyrun"), retryPolicy()).build();
    }

    private RetryPolicy retryPolicy() {
        return new RetryPolicy(new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries((int) config.number("retries", 4)).setBaseDelay(Duration.ofMillis(config.number("retry_base_ms", 800)))
                .setMaxDelay(Duration.ofSeconds(60))));
    }

    private synchronized HttpPipeline arm() {
        if (arm == null) {
            arm = pipeline(ARM_SCOPE);
        }
        return arm;
    }

    synchronized ComputeManagementClient compute() {
        if (compute == null) {
            compute = new ComputeManagementClientBuilder().pipeline(arm()).endpoint(config.armEndpoint())
                    .subscriptionId(config.requireSubscription()).defaultPollInterval(config.pollInterval()).buildClient();
        }
        return compute;
    }

    synchronized NetworkManagementClient network() {
        if (network == null) {
            network = new NetworkManagementClientBuilder().pipeline(arm()).endpoint(config.armEndpoint())
                    .subscriptionId(config.requireSubscription()).defaultPollInterval(config.pollInterval()).buildClient();
        }
        return network;
    }

    synchronized ResourceManagementClient resources() {
        if (resources == null) {
            resources = new ResourceManagementClientBuilder().pipeline(arm()).endpoint(config.armEndpoint())
                    .subscriptionId(config.requireSubscription()).defaultPollInterval(config.pollInterval()).buildClient();
        }
        return resources;
    }

    /** The Blob store of run status (and {@code az://} URIs). */
    synchronized BlobStore store() {
        if (store == null) {
            store = BlobStore.of(config, this);
        }
        return store;
    }
}

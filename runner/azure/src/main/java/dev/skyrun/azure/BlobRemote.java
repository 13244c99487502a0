package dev.skyrun.azure;

import dev.skyrun.cloud.CloudException;
import dev.skyrun.storage.RcloneRemote;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The rclone {@code azureblob} remote of the Azure settings, for rclone 1.60 (Debian's), whose
 * backend reaches an account only at {@code https://ACCOUNT.blob.SUFFIX} or through a SAS URL:
 * with a connection string on Azure's own endpoint, the account and its key; with one naming
 * another Blob endpoint (azurite, a private endpoint), an account SAS URL of that endpoint signed
 * here with the key (Blob service, all containers, valid {@link #SAS_LIFETIME}); without a
 * connection string, the account with the machine's managed identity ({@code use_msi}). On a
 * VM ({@link #onNode}) always the managed identity, never a key or a SAS.
 */
final class BlobRemote {

    /** How long a SAS URL given to rclone stays valid: a mount lives as long as its run. */
    static final Duration SAS_LIFETIME = Duration.ofDays(7);
    /** The SAS version signed (the string-to-sign of versions before 2020-12-06). */
    private static final String SAS_VERSION = "2019-12-12";

    private BlobRemote() {}

    static RcloneRemote of(AzureConfig config, Instant now) {
        Map<String, String> o = new LinkedHashMap<>();
        Optional<String> account = config.connectionPart("AccountName");
        Optional<String> key = config.connectionPart("AccountKey");
        if (account.isEmpty() || key.isEmpty()) {
            o.put("account", config.settings().property("storage_account").orElseThrow(() -> new CloudException(
                    "azure: no storage account to mount; set SKYRUN_AZURE_STORAGE_ACCOUNT or a storage connection string")));
            o.put("use_msi", "true");
            return new RcloneRemote("azureblob", o);
        }
        String suffix = config.connectionPart("EndpointSuffix").orElse("core.windows.net");
        String standard = "https://" + account.get() + ".blob." + suffix;
        String endpoint = config.connectionPart("BlobEndpoint").map(u -> u.replaceAll("/+$", "")).orElse(standard);
        if (endpoint.equalsIgnoreCase(standard)) {
            o.put("account", account.get());
            o.put("key", key.get());
            o.put("endpoint", "blob." + suffix);
        } else {
            o.put("sas_url", endpoint + "?" + accountSas(account.get(), key.get(), URI.create(endpoint).getScheme(),
                    now.plus(SAS_LIFETIME)));
        }
        return new RcloneRemote("azureblob", o);
    }

    /**
     * The remote for a VM: the storage account of the settings with the VM's managed identity
     * ({@code use_msi}, the user-assigned {@code identity} when one is configured), never the key of
     * a connection string or a SAS. Empty when the account's Blob endpoint is not
     * {@code https://ACCOUNT.blob.SUFFIX} (azurite, a private endpoint): rclone 1.60 reaches any
     * other endpoint only with a SAS URL, which needs the key.
     */
    static Optional<RcloneRemote> onNode(AzureConfig config) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("https://([a-z0-9]+)\\.(blob\\.[A-Za-z0-9.-]+)")
                .matcher(config.blobEndpoint());
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> o = new LinkedHashMap<>();
        o.put("account", m.group(1));
        o.put("endpoint", m.group(2));
        o.put("use_msi", "true");
        config.settings().property("identity").filter(id -> !id.isBlank()).ifPresent(id -> o.put("msi_mi_res_id", id));
        return Optional.of(new RcloneRemote("azureblob", o));
    }

    /** An account SAS query (Blob service; service, container and object level; read, write, delete, list, add, create). */
    static String accountSas(String account, String key, String scheme, Instant expiry) {
        String permissions = "rwdlac";
        String protocol = "http".equalsIgnoreCase(scheme) ? "https,http" : "https";
        String se = expiry.truncatedTo(ChronoUnit.SECONDS).toString();
        String toSign = String.join("\n", account, permissions, "b", "sco", "", se, "", protocol, SAS_VERSION, "");
        Map<String, String> q = new LinkedHashMap<>();
        q.put("sv", SAS_VERSION);
        q.put("ss", "b");
        q.put("srt", "sco");
        q.put("sp", permissions);
        q.put("se", se);
        q.put("spr", protocol);
        q.put("sig", sign(key, toSign));
        StringBuilder out = new StringBuilder();
        q.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static String sign(String key, String toSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CloudException("azure: the storage connection string's AccountKey is not a base64 key: "
                    + e.getClass().getSimpleName());
        }
    }
}

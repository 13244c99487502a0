package dev.skyrun.azure;

import com.azure.resourcemanager.compute.fluent.models.UsageInner;
import com.azure.resourcemanager.resources.fluent.models.ProviderInner;
import dev.skyrun.cloud.CredentialCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code skyrun check azure}: a subscription and a credential are found (neither printed), the
 * subscription has {@code Microsoft.Compute} registered, the GPU families' vCPU quota in the
 * configured {@code region} (default {@code eastus}) is read, and the status container answers.
 */
record AzureCheck(AzureConfig config, AzureClients clients) {

    CredentialCheck run() {
        List<String> details = new ArrayList<>();
        if (config.subscription().isEmpty()) {
            return new CredentialCheck(AzureProvider.NAME, false, "", List.of(
                    "subscription: none (set AZURE_SUBSCRIPTION_ID or SKYRUN_AZURE_SUBSCRIPTION_ID; az account show --query id -o tsv)"));
        }
        boolean ok = compute(details) & quota(details) & storage(details);
        return new CredentialCheck(AzureProvider.NAME, ok, "subscription ****" + tail(config.subscription()), details);
    }

    private boolean compute(List<String> details) {
        try {
            ProviderInner p = clients.resources().getProviders().get("Microsoft.Compute");
            boolean registered = "Registered".equalsIgnoreCase(p.registrationState());
            details.add("Microsoft.Compute: " + (registered ? "registered"
                    : p.registrationState() + " (az provider register --namespace Microsoft.Compute)"));
            return registered;
        } catch (RuntimeException e) {
            details.add("Microsoft.Compute: " + AzureErrors.unchecked(e, new AzureErrors.Context("subscription", "", "providers.get"))
                    .getMessage());
            return false;
        }
    }

    private boolean quota(List<String> details) {
        String region = config.settings().property("region").orElse("eastus");
        try {
            List<String> gpu = new ArrayList<>();
            for (UsageInner u : clients.compute().getUsages().list(region)) {
                String family = u.name() == null ? "" : String.valueOf(u.name().value());
                if (family.toLowerCase(Locale.ROOT).matches("standardn.*family|lowpriority.*")) {
                    gpu.add(family + " " + u.currentValue() + "/" + u.limit());
                }
            }
            details.add("quota in " + region + ": " + (gpu.isEmpty() ? "no GPU family listed" : String.join(", ", gpu)));
            return true;
        } catch (RuntimeException e) {
            details.add("quota in " + region + ": " + AzureErrors.unchecked(e, new AzureErrors.Context(region, "", "usages.list"))
                    .getMessage());
            return false;
        }
    }

    private boolean storage(List<String> details) {
        if (config.settings().property("container").isEmpty()) {
            details.add("storage: no container set (SKYRUN_AZURE_STORAGE_ACCOUNT and SKYRUN_AZURE_CONTAINER hold run status)");
            return false;
        }
        try {
            clients.store().probe(config.container());
            details.add("storage: container " + config.container() + " readable");
            return true;
        } catch (IOException | RuntimeException e) {
            details.add("storage: " + e.getMessage());
            return false;
        }
    }

    private static String tail(String id) {
        return id.length() <= 4 ? "" : id.substring(id.length() - 4);
    }
}

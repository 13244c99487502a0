package dev.skyrun.spec;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Task names as SkyPilot allows them ({@code Train_Llama.v2}: letters, digits, and single or double '.', '_',
 * '-' between them) and the DNS-safe name derived from one for clusters, runs and labels
 * ({@code train-llama-v2}: lower-case letters, digits and '-').
 */
public final class DnsName {

    /** SkyPilot's task name rule. */
    static final Pattern SKYPILOT_NAME = Pattern.compile("[a-zA-Z0-9]+(?:[._-]{1,2}[a-zA-Z0-9]+)*");
    /** A DNS label. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private DnsName() {}

    /** {@code name} lower-cased, every run of other characters as one '-', no '-' at either end. */
    public static String of(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    /** Whether {@code name} follows SkyPilot's task name rule. */
    static boolean skypilotName(String name) {
        return SKYPILOT_NAME.matcher(name).matches();
    }
}

package dev.skyrun.azure;

import dev.skyrun.cloud.CloudException;

/**
 * An Azure Resource Manager resource id,
 * {@code /subscriptions/S/resourceGroups/G/providers/NAMESPACE/TYPE/NAME}, as its resource group and name.
 *
 * @param group the resource group
 * @param name the resource's name
 */
record ArmId(String group, String name) {

    /** Reads the group and the last name of an id. */
    static ArmId parse(String id) {
        String[] parts = id.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("resourceGroups") && parts.length > i + 2) {
                return new ArmId(parts[i + 1], parts[parts.length - 1]);
            }
        }
        throw new CloudException("azure: not a resource id: " + id);
    }
}

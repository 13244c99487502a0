package dev.skyrun.cloud;

import java.util.List;

/**
 * A test cloud that owns nothing of its own: its credentials check passes, its live prices are
 * the catalog's, every lookup of compute or auxiliary resources finds none and every removal
 * has nothing to do. A test plug-in extends it with how it provisions (records, refuses, or
 * hands to the local cloud), so that the teardown half of {@link Cloud} is written once.
 */
public abstract class EmptyCloud implements Cloud {

    private final String name;

    /** A test cloud called {@code name}. */
    protected EmptyCloud(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CredentialCheck check() {
        return new CredentialCheck(name, true, "test", List.of());
    }

    @Override
    public void terminate(Cluster c) {}

    @Override
    public void remove(CloudResource resource) {}

    @Override
    public List<CloudResource> compute(Cluster c) {
        return List.of();
    }

    @Override
    public List<CloudResource> findCompute(Labels labels) {
        return List.of();
    }

    @Override
    public void terminateCompute(List<CloudResource> compute) {}

    @Override
    public List<CloudResource> liveCompute(List<CloudResource> compute) {
        return List.of();
    }

    @Override
    public List<String> auxiliaryKinds() {
        return List.of();
    }

    @Override
    public List<CloudResource> findAuxiliary(String kind, Labels labels) {
        return List.of();
    }

    @Override
    public void close() {}
}

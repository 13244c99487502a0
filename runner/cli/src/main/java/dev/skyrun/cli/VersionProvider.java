package dev.skyrun.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code skyrun --version}: the version the jar was built as. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"skyrun " + (v == null ? "dev" : v)};
    }
}

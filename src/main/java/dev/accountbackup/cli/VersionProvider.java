package dev.accountbackup.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, so --version never drifts from the build. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"account-backup-operator " + (v == null ? "(development build)" : v)};
    }
}

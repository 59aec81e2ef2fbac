package dev.workcluster.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version baked into the jar's manifest (or "dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"workcluster " + (version == null ? "dev" : version)};
    }
}

package dev.workcluster.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version baked into the jar's manifest (or "dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"workcluster " + version()};
    }

    /** The jar's version, {@code dev} when run from classes. */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}

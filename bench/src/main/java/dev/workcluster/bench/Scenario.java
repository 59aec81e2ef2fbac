package dev.workcluster.bench;

/**
 * One benchmark: starts what it needs, measures, stops everything, and returns its figures. A scenario gives
 * its name and help line to the constructor, once.
 */
public abstract class Scenario {
    private final String name;
    private final String description;

    /**
     * @param name        the name given on the command line, also the JSON file's name
     * @param description one line for the command's help
     */
    protected Scenario(String name, String description) {
        this.name = name;
        this.description = description;
    }

    /** The name given on the command line, also the JSON file's name. */
    public final String name() {
        return name;
    }

    /** One line for the command's help. */
    public final String description() {
        return description;
    }

    /** True when it can drive a running cluster given by {@link BenchOptions#leaders()} instead of its own. */
    public boolean drivesRunningCluster() {
        return false;
    }

    /** Runs the scenario to the end; every server, worker and client it started is stopped on return. */
    public abstract BenchReport run(BenchOptions options) throws Exception;
}

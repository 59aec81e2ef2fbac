package dev.workcluster.bench;

/** One benchmark: starts what it needs, measures, stops everything, and returns its figures. */
public interface Scenario {

    /** The name given on the command line, also the JSON file's name. */
    String name();

    /** One line for the command's help. */
    String description();

    /** True when it can drive a running cluster given by {@link BenchOptions#leaders()} instead of its own. */
    default boolean drivesRunningCluster() {
        return false;
    }

    /** Runs the scenario to the end; every server, worker and client it started is stopped on return. */
    BenchReport run(BenchOptions options) throws Exception;
}

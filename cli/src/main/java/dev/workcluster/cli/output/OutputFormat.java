package dev.workcluster.cli.output;

/** How operator commands print: aligned tables for people, JSON for scripts. */
public enum OutputFormat {
    TABLE,
    JSON
}

/**
 * The task handlers built into {@code workcluster worker}: {@link dev.workcluster.cli.handlers.SleepHandler}
 * (the default, for demos and tests), {@link dev.workcluster.cli.handlers.EchoHandler} and
 * {@link dev.workcluster.cli.handlers.ExecHandler}; {@link dev.workcluster.cli.handlers.Handlers} picks one
 * by name or loads a user's handler class.
 */
package dev.workcluster.cli.handlers;

/**
 * Internals of the workcluster worker library. <strong>Not API:</strong> users must not
 * use, extend or depend on anything in this package; it changes without notice between
 * releases. Everything supported is in {@link dev.workcluster.worker}.
 */
package dev.workcluster.worker.internal;

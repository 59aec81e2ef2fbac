package dev.workcluster.worker.internal;

import io.grpc.ManagedChannel;

/** Makes a channel to a leader address (host:port). Tests swap in in-process channels. */
@FunctionalInterface
public interface ChannelFactory {
    ManagedChannel create(String address);

    /** Releases what the factory holds (such as the reloading of TLS files) once its channels are closed. */
    default void close() {}
}

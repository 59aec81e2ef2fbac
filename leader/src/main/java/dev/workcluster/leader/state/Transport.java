package dev.workcluster.leader.state;

/** How the leader reaches a member. */
public enum Transport {
    /** The seed's wiring: the leader calls the member's worker.v1.WorkerService. */
    PUSH,
    /** A library worker's session stream: no inbound port on the worker. */
    STREAM;

    public static Transport fromProto(dev.workcluster.leader.state.proto.Transport transport) {
        return transport == dev.workcluster.leader.state.proto.Transport.TRANSPORT_STREAM ? STREAM : PUSH;
    }

    public dev.workcluster.leader.state.proto.Transport toProto() {
        return this == STREAM
                ? dev.workcluster.leader.state.proto.Transport.TRANSPORT_STREAM
                : dev.workcluster.leader.state.proto.Transport.TRANSPORT_PUSH;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.workcluster.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** Which failures send a call on to the next node, and which are the cluster's answer. */
class CallsTest {

    @Test
    void onlyAFailureThatSaysNothingAboutTheRequestIsTriedAgain() {
        assertThat(Calls.outcomeUnknown(Status.UNAVAILABLE)).isTrue();
        assertThat(Calls.outcomeUnknown(Status.DEADLINE_EXCEEDED)).isTrue();
        assertThat(Calls.outcomeUnknown(Status.ABORTED)).isTrue();
        // the node was killed with the call in flight (seen in StalledFollowerTest)
        assertThat(Calls.outcomeUnknown(
                        Status.UNKNOWN.withDescription("channel closed").withCause(new ClosedChannelException())))
                .isTrue();
        assertThat(Calls.outcomeUnknown(Status.INVALID_ARGUMENT)).isFalse();
        assertThat(Calls.outcomeUnknown(Status.PERMISSION_DENIED)).isFalse();
        assertThat(Calls.outcomeUnknown(Status.NOT_FOUND)).isFalse();
        assertThat(Calls.outcomeUnknown(Status.ALREADY_EXISTS)).isFalse();
        assertThat(Calls.outcomeUnknown(Status.UNIMPLEMENTED)).isFalse();
    }
}

package dev.workcluster.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** Which failures send the CLI on to the next leader address, and which are the server's answer. */
class LeaderClientTest {

    @Test
    void onlyANodeThatDidNotAnswerIsPassedOver() {
        assertThat(LeaderClient.isUnreachable(Status.UNAVAILABLE)).isTrue();
        assertThat(LeaderClient.isUnreachable(Status.DEADLINE_EXCEEDED)).isTrue();
        // the node was killed with the call in flight (seen in StalledFollowerTest)
        assertThat(LeaderClient.isUnreachable(
                        Status.UNKNOWN.withDescription("channel closed").withCause(new ClosedChannelException())))
                .isTrue();
        assertThat(LeaderClient.isUnreachable(Status.UNKNOWN.withDescription("application error")))
                .isFalse();
        assertThat(LeaderClient.isUnreachable(Status.INVALID_ARGUMENT)).isFalse();
        assertThat(LeaderClient.isUnreachable(Status.PERMISSION_DENIED)).isFalse();
        assertThat(LeaderClient.isUnreachable(Status.NOT_FOUND)).isFalse();
    }
}

package dev.workcluster.leader.state;

import static dev.workcluster.leader.state.Commands.at;
import static dev.workcluster.leader.state.Commands.expire;
import static dev.workcluster.leader.state.Commands.join;
import static dev.workcluster.leader.state.Commands.joinStream;
import static dev.workcluster.leader.state.Commands.leave;
import static dev.workcluster.leader.state.Commands.schedule;
import static dev.workcluster.leader.state.States.applyOk;
import static dev.workcluster.leader.state.States.assertRejectedUnchanged;
import static dev.workcluster.leader.state.States.limits;
import static dev.workcluster.leader.state.States.memberIds;
import static dev.workcluster.leader.state.States.stateWith;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_INVALID_ARGUMENT;
import static dev.workcluster.leader.state.proto.ResultCode.RESULT_CODE_RESOURCE_EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.state.proto.CommandBatch;
import org.junit.jupiter.api.Test;

/** Member records are capped: a known member always rejoins, an expired one makes way, alive ones are kept. */
class MemberCapTest {

    private static ClusterState capOf(int members) {
        return stateWith(l -> l.setMaxMembers(members));
    }

    @Test
    void aNewMemberBeyondTheCapIsRefusedNamingTheLimit() {
        ClusterState state = capOf(2);
        applyOk(state, join("a", 1), joinStream("b", 1));

        assertRejectedUnchanged(state, join("c", 1), RESULT_CODE_RESOURCE_EXHAUSTED);
        assertRejectedUnchanged(state, joinStream("c", 1), RESULT_CODE_RESOURCE_EXHAUSTED);
        assertThat(state.apply(join("c", 1)).getMessage())
                .isEqualTo("member limit reached: 2 members are alive; the limit is 2 (max-members)");
    }

    @Test
    void aKnownMemberMayAlwaysJoinAgain() {
        ClusterState state = capOf(2);
        applyOk(state, join("a", 1), join("b", 1), expire("b"));

        applyOk(state, join("a", 2), join("b", 1));

        assertThat(memberIds(state)).containsExactly("a", "b");
        assertThat(state.member("b").alive()).isTrue();
    }

    @Test
    void theLongestExpiredMemberMakesWayForANewOne() {
        ClusterState state = capOf(3);
        applyOk(state, join("a", 1), join("b", 1), join("c", 1), at(10, expire("c")), at(20, expire("a")));

        applyOk(state, at(30, join("d", 1)));

        assertThat(memberIds(state)).containsExactly("a", "b", "d");
        applyOk(state, at(40, join("e", 1)));
        assertThat(memberIds(state)).containsExactly("b", "d", "e");
        assertRejectedUnchanged(state, join("f", 1), RESULT_CODE_RESOURCE_EXHAUSTED);
    }

    @Test
    void aRefusedJoinForgetsNoExpiredMemberEvenOverALoweredCap() {
        ClusterState state = capOf(4);
        applyOk(state, join("a", 1), join("b", 1), join("c", 1), expire("c"));
        state.apply(CommandBatch.newBuilder()
                .setLimits(limits(l -> l.setMaxMembers(2)).toProto())
                .addCommands(schedule("t1", "p"))
                .build()); // later entries carry a lower cap (new flags)

        // regression: a join refused for its slots still trimmed the expired members down to the cap,
        // so a refused command changed the state (found by StateMachineProperties)
        assertRejectedUnchanged(state, join("d", 0), RESULT_CODE_INVALID_ARGUMENT);
        assertThat(memberIds(state)).containsExactly("a", "b", "c");

        applyOk(state, join("d", 1));
        assertThat(memberIds(state)).containsExactly("a", "b", "d");
    }

    @Test
    void aMemberThatLeftFreesItsPlace() {
        ClusterState state = capOf(1);
        applyOk(state, join("a", 1), leave("a"), join("b", 1));
        assertThat(memberIds(state)).containsExactly("b");
    }
}

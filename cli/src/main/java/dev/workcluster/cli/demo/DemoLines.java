package dev.workcluster.cli.demo;

import dev.workcluster.cli.watch.LinesOutput;
import dev.workcluster.cli.watch.WatchOutput;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MemberState;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * The watch's plain lines, trimmed for the demo: a member is shown when it joins, expires
 * or leaves, not on every slot it fills and frees (the tasks' own lines say that), nor in
 * the passing states of a worker that is still connecting.
 */
final class DemoLines implements WatchOutput {
    private final LinesOutput lines;
    private final Map<String, MemberState> members = new HashMap<>();

    DemoLines(LinesOutput lines) {
        this.lines = lines;
    }

    @Override
    public void connected(String address, boolean reconnect, long now) {
        lines.connected(address, reconnect, now);
    }

    @Override
    public void lost(String address, String reason, long now) {
        lines.lost(address, reason, now);
    }

    @Override
    public void event(WatchTasksResponse event, long now) {
        if (event.hasMember()) {
            Member member = event.getMember();
            MemberState before = members.put(member.getId(), member.getState());
            if (before == null && member.getState() == MemberState.MEMBER_STATE_ALIVE) {
                lines.notice(
                        "member " + member.getId() + " joined: " + member.getSlots() + " slots, "
                                + member.getTransport() + " transport",
                        now);
            } else if (before != member.getState()) {
                lines.event(event, now);
            }
        } else if (event.hasRemovedMemberId()) {
            members.remove(event.getRemovedMemberId());
            lines.notice("member " + event.getRemovedMemberId() + " left", now);
        } else {
            lines.event(event, now);
        }
    }

    @Override
    public void snapshotComplete(int members, int tasks, boolean resync, long now) {
        if (resync) {
            lines.snapshotComplete(members, tasks, true, now);
        }
    }

    @Override
    public void notice(String text, long now) {
        lines.notice(text, now);
    }
}

package dev.workcluster.leader;

import dev.workcluster.leader.cluster.HeartbeatDeadlines;
import dev.workcluster.leader.scheduler.LeaderCore;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.ExpireMember;
import dev.workcluster.leader.state.proto.ResultCode;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires a member whose deadline ran out, fenced by its incarnation: the expiry names
 * the incarnation that fell silent, and the state ignores it if the member joined again
 * before it applied. A sign of life that arrives after the deadline fired (a Hello, say)
 * cancels the expiry before it is proposed; only the silent incarnation's session is closed.
 */
final class MemberExpiry {
    private static final Logger log = LoggerFactory.getLogger(MemberExpiry.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final LeaderCore core;
    private final BooleanSupplier leading;
    private final LongAdder expirations = new LongAdder();

    /** Members expired by this node, for the metrics. */
    long expirations() {
        return expirations.sum();
    }

    MemberExpiry(LeaderCore core, BooleanSupplier leading) {
        this.core = core;
        this.leading = leading;
    }

    /** The member's deadline ran out (called by {@link HeartbeatDeadlines}). */
    void expire(String memberId) {
        long incarnation = core.state().read(s -> {
            MemberRecord member = s.member(memberId);
            return member == null || member.expired() ? -1L : member.incarnation();
        });
        if (incarnation < 0) {
            return; // gone or expired already
        }
        if (core.deadlines().isTracked(memberId)) {
            log.info("event=member_expiry_cancelled member={} reason=sign_of_life_since_deadline", memberId);
            return;
        }
        core.proposer()
                .propose(Command.newBuilder()
                        .setExpireMember(
                                ExpireMember.newBuilder().setId(memberId).setIncarnation(incarnation)))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        retry(memberId, error);
                    } else if (result.getCode() == ResultCode.RESULT_CODE_OK) {
                        core.sessions()
                                .close(
                                        memberId,
                                        incarnation,
                                        Status.UNAVAILABLE.withDescription("session expired: no heartbeat in time"));
                        core.deliveries().forget(memberId);
                        expirations.increment();
                        log.info("event=member_expired member={} incarnation={}", memberId, incarnation);
                    } else {
                        log.info(
                                "event=member_expiry_stale member={} incarnation={} reason=\"{}\"",
                                memberId,
                                incarnation,
                                result.getMessage());
                    }
                });
    }

    private void retry(String memberId, Throwable error) {
        if (leading.getAsBoolean()) {
            // Maybe not committed: keep a deadline, or the member would never be expired.
            log.warn("event=member_expiry_failed member={} retry_in={} error={}", memberId, RETRY, error.getMessage());
            core.deadlines().retry(memberId, RETRY);
        }
    }
}

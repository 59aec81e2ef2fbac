package dev.workcluster.leader.testing;

import dev.workcluster.leader.config.LeaderConfig;
import dev.workcluster.testkit.TemporaryDirectories;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LeaderFixture} with {@link PushWorkers} against it, new for each test: started before it, the workers
 * and then the leader closed after it, its Raft log in a temporary directory deleted last. Register it with
 * {@code @RegisterExtension}:
 *
 * <pre>{@code
 * @RegisterExtension
 * final LeaderWithPushWorkers fixture = new LeaderWithPushWorkers(c -> c.withHeartbeatTimeout(Duration.ofSeconds(1)));
 *
 * @Test
 * void aJoinedWorkerIsAMember() throws Exception {
 *     fixture.join("w1");
 *     assertThat(fixture.leader().cluster().members(MembersRequest.getDefaultInstance()).getMembersCount())
 *             .isEqualTo(1);
 * }
 * }</pre>
 */
public final class LeaderWithPushWorkers implements BeforeEachCallback, AfterEachCallback {
    private final UnaryOperator<LeaderConfig> customize;
    private Path dir;
    private LeaderFixture leader;
    private PushWorkers workers;

    /** A leader with every default but its ports. */
    public LeaderWithPushWorkers() {
        this(UnaryOperator.identity());
    }

    /** @param customize changes the leader's configuration (as {@link LeaderFixture#start(Path, UnaryOperator)}) */
    public LeaderWithPushWorkers(UnaryOperator<LeaderConfig> customize) {
        this.customize = customize;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = TemporaryDirectories.create(
                "leader-" + context.getRequiredTestClass().getSimpleName());
        leader = LeaderFixture.start(dir, customize);
        workers = new PushWorkers(leader);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            if (workers != null) {
                workers.close();
            }
            if (leader != null) {
                leader.close();
            }
        } finally {
            if (dir != null) {
                TemporaryDirectories.delete(dir);
            }
        }
    }

    public LeaderFixture leader() {
        return leader;
    }

    /** A new push worker, already joined. */
    public TestPushWorker join(String id) throws Exception {
        return workers.join(id);
    }

    /** Every push worker this test joined, in order. */
    public PushWorkers workers() {
        return workers;
    }
}

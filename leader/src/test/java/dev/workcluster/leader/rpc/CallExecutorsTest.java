package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import dev.workcluster.proto.scheduler.v1.SchedulerServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which calls run on the liveness pool: heartbeats, session streams and health checks, nothing else. */
class CallExecutorsTest {
    @Test
    void onlyHeartbeatsSessionsAndHealthChecksAreLiveness() {
        List<String> liveness = Stream.of(LeaderServiceGrpc.getServiceDescriptor(),
                        SchedulerServiceGrpc.getServiceDescriptor(), HealthGrpc.getServiceDescriptor(),
                        ServerReflectionGrpc.getServiceDescriptor())
                .map(ServiceDescriptor::getMethods).flatMap(java.util.Collection::stream)
                .filter(method -> CallExecutors.isLiveness(method.getFullMethodName(), method.getServiceName()))
                .map(MethodDescriptor::getFullMethodName).sorted().toList();

        assertThat(liveness).containsExactly("cluster.v1.LeaderService/Heartbeat", "cluster.v1.LeaderService/Session",
                "grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch");
    }
}

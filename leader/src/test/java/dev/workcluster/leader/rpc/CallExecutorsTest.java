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

/** Which calls run on the network thread: the ones that only validate and propose; reads go to the pool. */
class CallExecutorsTest {
    @Test
    void onlyLivenessAndWritesRunOnTheNetworkThread() {
        List<String> direct = Stream.of(
                        LeaderServiceGrpc.getServiceDescriptor(),
                        SchedulerServiceGrpc.getServiceDescriptor(),
                        HealthGrpc.getServiceDescriptor(),
                        ServerReflectionGrpc.getServiceDescriptor())
                .map(ServiceDescriptor::getMethods)
                .flatMap(java.util.Collection::stream)
                .filter(method -> CallExecutors.onNetworkThread(method.getFullMethodName(), method.getServiceName()))
                .map(MethodDescriptor::getFullMethodName)
                .sorted()
                .toList();

        assertThat(direct)
                .containsExactly(
                        "cluster.v1.LeaderService/Heartbeat",
                        "cluster.v1.LeaderService/Join",
                        "cluster.v1.LeaderService/Leave",
                        "cluster.v1.LeaderService/Session",
                        "grpc.health.v1.Health/Check",
                        "grpc.health.v1.Health/Watch",
                        "scheduler.v1.SchedulerService/CancelTask",
                        "scheduler.v1.SchedulerService/ScheduleTask",
                        "scheduler.v1.SchedulerService/ScheduleTasks",
                        "scheduler.v1.SchedulerService/TaskComplete");
    }
}

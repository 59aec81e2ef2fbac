package dev.workcluster.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.junit.jupiter.api.Test;

class LeaderClassesTest {
    @Test
    void listsTheClassesOfAPackageInAJar() {
        assertThat(LeaderClasses.classesBeside(List.of(GrpcLogAppender.class)))
                .contains("org.apache.ratis.grpc.server.GrpcLogAppender")
                .allMatch(name -> name.startsWith("org.apache.ratis.grpc.server."));
    }

    @Test
    void listsTheClassesOfAPackageAndItsSubpackagesInADirectory() {
        assertThat(LeaderClasses.classesBeside(List.of(LeaderServer.class)))
                .contains("dev.workcluster.leader.LeaderServer", "dev.workcluster.leader.raft.RaftNode")
                .allMatch(name -> name.startsWith("dev.workcluster.leader."));
    }

    @Test
    void loadsAndLinksTheLeadersClasses() {
        assertThat(LeaderClasses.preload()).isGreaterThan(300);
    }
}

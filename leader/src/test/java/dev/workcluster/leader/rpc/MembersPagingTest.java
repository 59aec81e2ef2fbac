package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.testing.LeaderFixture;
import dev.workcluster.proto.cluster.v1.JoinRequest;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.MembersResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Members pages like GetTasks: page_size and page_token, id order, everything (up to the cap) without them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembersPagingTest {
    private static final List<String> IDS = IntStream.rangeClosed(1, 25)
            .mapToObj(i -> String.format("m%02d", i))
            .toList();

    LeaderFixture leader;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        leader = LeaderFixture.start(dir);
        for (int i = IDS.size() - 1; i >= 0; i--) { // joined out of order: the listing sorts
            String id = IDS.get(i);
            leader.cluster()
                    .join(JoinRequest.newBuilder()
                            .setId(id)
                            .setAddress("127.0.0.1:1")
                            .build());
        }
    }

    @AfterAll
    void stop() throws Exception {
        leader.close();
    }

    @Test
    void withoutPagingFieldsEveryMemberComesInIdOrderWithoutAToken() {
        MembersResponse all = leader.cluster().members(MembersRequest.getDefaultInstance());

        assertThat(all.getMembersList()).extracting(Member::getId).containsExactlyElementsOf(IDS);
        assertThat(all.getNextPageToken()).isEmpty();
    }

    @Test
    void pagesFollowEachOtherToTheLastWhichHasNoToken() {
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = "";
        do {
            MembersResponse page = leader.cluster()
                    .members(MembersRequest.newBuilder()
                            .setPageSize(7)
                            .setPageToken(token)
                            .build());
            page.getMembersList().forEach(m -> seen.add(m.getId()));
            sizes.add(page.getMembersCount());
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        assertThat(seen).containsExactlyElementsOf(IDS);
        assertThat(sizes).containsExactly(7, 7, 7, 4);
    }

    @Test
    void aPageThatEndsExactlyAtTheLastMemberHasNoToken() {
        MembersResponse page = leader.cluster()
                .members(MembersRequest.newBuilder().setPageSize(IDS.size()).build());
        assertThat(page.getMembersCount()).isEqualTo(IDS.size());
        assertThat(page.getNextPageToken()).isEmpty();
    }

    @Test
    void aTokenAloneGetsTheDefaultPageSize() {
        String token = leader.cluster()
                .members(MembersRequest.newBuilder().setPageSize(1).build())
                .getNextPageToken();

        MembersResponse rest = leader.cluster()
                .members(MembersRequest.newBuilder().setPageToken(token).build());

        assertThat(rest.getMembersList())
                .extracting(Member::getId)
                .containsExactlyElementsOf(IDS.subList(1, IDS.size()));
    }
}

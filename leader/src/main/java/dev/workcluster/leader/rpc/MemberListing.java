package dev.workcluster.leader.rpc;

import static dev.workcluster.leader.rpc.Requests.invalid;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.MemberRecord;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.MembersRequest;
import dev.workcluster.proto.cluster.v1.MembersResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A validated Members request: members in id order after the page token's id, paged as
 * GetTasks is ({@link TaskListing}): without paging fields, everything up to the listing cap.
 */
final class MemberListing {

    private final String afterId;
    private final int limit;

    private MemberListing(String afterId, int limit) {
        this.afterId = afterId;
        this.limit = limit;
    }

    static MemberListing of(MembersRequest request) {
        return new MemberListing(
                pageToken(request.getPageToken()), TaskListing.pageSize(request.getPageSize(), request.getPageToken()));
    }

    /** Call under the state's read lock. A page also ends early at {@link TaskListing#MAX_RESPONSE_BYTES}. */
    MembersResponse page(ClusterState state, MemberViews views) {
        MembersResponse.Builder response = MembersResponse.newBuilder();
        long bytes = 0;
        String lastId = null;
        for (MemberRecord record : state.membersAfter(afterId)) {
            if (response.getMembersCount() == limit) {
                return response.setNextPageToken(token(lastId)).build();
            }
            Member member = views.view(record);
            bytes += member.getSerializedSize() + 8;
            if (bytes > TaskListing.MAX_RESPONSE_BYTES && lastId != null) {
                return response.setNextPageToken(token(lastId)).build();
            }
            response.addMembers(member);
            lastId = record.id();
        }
        return response.build();
    }

    private static String token(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    private static String pageToken(String token) {
        if (token.isEmpty()) {
            return "";
        }
        try {
            String afterId = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!afterId.isEmpty()
                    && afterId.length() <= Requests.MAX_ID_LENGTH
                    && token(afterId).equals(token)) {
                return afterId;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw invalid("page_token " + Requests.quote(token) + " is not a token returned by Members");
    }
}

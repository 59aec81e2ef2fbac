package dev.workcluster.leader.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.Timestamp;
import dev.workcluster.proto.cluster.v1.GetStatusResponse;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.RaftPeer;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import dev.workcluster.proto.scheduler.v1.Task;

/** The JSON the page reads: the API's messages with short names, times in epoch milliseconds. */
final class Views {
    /** Lists and live updates carry only the start of long texts; a task's detail carries them whole. */
    static final int CLIP_CHARS = 200;

    private Views() {}

    static JsonObject task(Task task, boolean whole) {
        JsonObject o = new JsonObject();
        o.addProperty("id", task.getId());
        o.addProperty("status", task.hasStatus() ? task.getStatus().name().replace("TASK_STATUS_", "") : "");
        o.addProperty("priority", task.hasPriority() ? task.getPriority().name().replace("TASK_PRIORITY_", "") : "");
        o.addProperty("workerId", task.getWorkerId());
        o.addProperty("attempt", task.getAttempt());
        o.addProperty("maxAttempts", task.getMaxAttempts());
        o.addProperty("payload", whole ? task.getPayload() : clip(task.getPayload()));
        o.addProperty("error", whole ? task.getError() : clip(task.getError()));
        o.addProperty("result", whole ? task.getResult() : clip(task.getResult()));
        time(o, "createdAt", task.hasCreatedAt(), task.getCreatedAt());
        time(o, "startedAt", task.hasStartedAt(), task.getStartedAt());
        time(o, "finishedAt", task.hasFinishedAt(), task.getFinishedAt());
        return o;
    }

    static JsonObject member(Member member) {
        JsonObject o = new JsonObject();
        o.addProperty("id", member.getId());
        o.addProperty("address", member.getAddress());
        o.addProperty("status", member.getStatus());
        o.addProperty("state", member.getState().name().replace("MEMBER_STATE_", ""));
        o.addProperty("transport", member.getTransport());
        o.addProperty("slots", member.getSlots());
        o.addProperty("slotsUsed", member.getSlotsUsed());
        o.addProperty("running", member.getRunningTaskIdsCount());
        time(o, "joinedAt", member.hasJoinedAt(), member.getJoinedAt());
        time(o, "lastHeartbeatAt", member.hasLastHeartbeatAt(), member.getLastHeartbeatAt());
        return o;
    }

    static JsonObject status(GetStatusResponse status) {
        JsonObject o = new JsonObject();
        o.addProperty("nodeId", status.getNodeId());
        o.addProperty("role", status.getRole());
        o.addProperty("term", status.getTerm());
        o.addProperty("leaderId", status.getLeaderId());
        o.addProperty("leaderAddress", status.getLeaderAddress());
        o.addProperty("commitIndex", status.getCommitIndex());
        o.addProperty("appliedIndex", status.getAppliedIndex());
        o.addProperty("membersAlive", status.getMembersAlive());
        o.addProperty("membersTotal", status.getMembersTotal());
        o.addProperty("oldestPendingAgeMs", status.getOldestPendingAgeMs());
        o.addProperty("openSessions", status.getOpenSessions());
        o.addProperty("version", status.getVersion());
        JsonArray peers = new JsonArray();
        for (RaftPeer peer : status.getPeersList()) {
            JsonObject p = new JsonObject();
            p.addProperty("id", peer.getId());
            p.addProperty("address", peer.getAddress());
            p.addProperty("role", peer.getRole());
            p.addProperty("matchIndex", peer.getMatchIndex());
            p.addProperty("lag", peer.getLag());
            p.addProperty("clientAddress", peer.getClientAddress());
            peers.add(p);
        }
        o.add("peers", peers);
        TaskCounts counts = status.getTasks();
        JsonObject tasks = new JsonObject();
        tasks.addProperty("SCHEDULED", counts.getScheduled());
        tasks.addProperty("PENDING", counts.getPending());
        tasks.addProperty("RUNNING", counts.getRunning());
        tasks.addProperty("COMPLETED", counts.getCompleted());
        tasks.addProperty("ERROR", counts.getError());
        tasks.addProperty("CANCELLED", counts.getCancelled());
        o.add("tasks", tasks);
        return o;
    }

    private static String clip(String text) {
        return text.length() <= CLIP_CHARS ? text : text.substring(0, CLIP_CHARS) + "…";
    }

    private static void time(JsonObject o, String name, boolean present, Timestamp time) {
        if (present) {
            o.addProperty(name, time.getSeconds() * 1000 + time.getNanos() / 1_000_000);
        }
    }
}

package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.ResultCode;

/** Builders for what apply() returns. A rejection is a normal result, never an exception. */
final class Results {
    static final CommandResult OK = CommandResult.getDefaultInstance();

    private Results() {}

    static CommandResult ok(TaskRecord task) {
        return CommandResult.newBuilder().setTask(StateSnapshots.encode(task)).build();
    }

    static CommandResult reject(ResultCode code, String message) {
        return CommandResult.newBuilder().setCode(code).setMessage(message).build();
    }

    static CommandResult taskNotFound(String id) {
        return reject(ResultCode.RESULT_CODE_NOT_FOUND, "task " + quote(id) + " not found");
    }

    static CommandResult memberNotFound(String id) {
        return reject(ResultCode.RESULT_CODE_NOT_FOUND, "member " + quote(id) + " not found");
    }

    static String quote(String id) {
        return "'" + id + "'";
    }
}

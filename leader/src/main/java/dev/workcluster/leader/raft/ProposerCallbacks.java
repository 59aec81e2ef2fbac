package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.proto.CommandResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * Who on this node waits for the results of which entry. An entry this node proposed
 * carries its Ratis client id and call id in the log; when it is applied here, its
 * results go straight to the waiting callback, with no encoding, no parsing back and no
 * thread hand-off. What waits is bounded by the entries in flight: a callback is removed
 * when its entry is applied or when Raft's answer about it arrives, whichever is first.
 */
final class ProposerCallbacks {
    private final ClientId clientId;
    private final ByteString clientIdBytes;
    private final Map<Long, Consumer<List<CommandResult>>> waiting = new ConcurrentHashMap<>();

    ProposerCallbacks(ClientId clientId) {
        this.clientId = clientId;
        this.clientIdBytes = clientId.toByteString();
    }

    ClientId clientId() {
        return clientId;
    }

    void expect(long callId, Consumer<List<CommandResult>> onApplied) {
        waiting.put(callId, onApplied);
    }

    void forget(long callId) {
        waiting.remove(callId);
    }

    /** The callback waiting for the entry proposed with these ids, taken; null if none waits here. */
    Consumer<List<CommandResult>> take(ByteString entryClientId, long callId) {
        return entryClientId.equals(clientIdBytes) ? waiting.remove(callId) : null;
    }
}

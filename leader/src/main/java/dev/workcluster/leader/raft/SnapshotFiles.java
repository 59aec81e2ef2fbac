package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.StateSnapshots;
import dev.workcluster.leader.state.proto.StateSnapshot;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

/** Snapshot files in Ratis' layout: {@code snapshot.TERM_INDEX} plus an MD5 beside it. */
final class SnapshotFiles {
    private final SimpleStateMachineStorage storage;

    SnapshotFiles(SimpleStateMachineStorage storage) {
        this.storage = storage;
    }

    record Loaded(ClusterState state, TermIndex termIndex) {
    }

    void write(StateSnapshot snapshot, TermIndex at) throws IOException {
        File target = storage.getSnapshotFile(at.getTerm(), at.getIndex());
        File partial = new File(target.getParentFile(), target.getName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(partial.toPath())) {
            snapshot.writeTo(out);
        }
        // Rename last, so a crash mid-write never leaves a truncated file under a valid name.
        Files.move(partial.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), at));
    }

    Loaded loadLatest(StateLimits limits) throws IOException {
        SingleFileSnapshotInfo latest = storage.loadLatestSnapshot();
        if (latest == null) {
            return null;
        }
        File file = latest.getFile().getPath().toFile();
        MD5Hash expected = latest.getFile().getFileDigest();
        if (expected != null) {
            MD5FileUtil.verifySavedMD5(file, expected);
        }
        try (InputStream in = Files.newInputStream(file.toPath())) {
            StateSnapshot snapshot = StateSnapshot.parseFrom(in);
            return new Loaded(StateSnapshots.decode(snapshot, limits), latest.getTermIndex());
        }
    }
}

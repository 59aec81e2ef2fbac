package dev.workcluster.leader.raft;

import dev.workcluster.leader.state.ClusterState;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.StateSnapshots;
import dev.workcluster.leader.state.proto.StateSnapshot;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.AtomicFileOutputStream;
import org.apache.ratis.util.MD5FileUtil;

/** Snapshot files in Ratis' layout: {@code snapshot.TERM_INDEX} plus an MD5 beside it. */
final class SnapshotFiles {
    private final SimpleStateMachineStorage storage;

    SnapshotFiles(SimpleStateMachineStorage storage) {
        this.storage = storage;
    }

    record Loaded(ClusterState state, TermIndex termIndex) {}

    void write(StateSnapshot snapshot, TermIndex at) throws IOException {
        File target = storage.getSnapshotFile(at.getTerm(), at.getIndex());
        // Written to a temporary file, forced to disk, then renamed: Ratis purges the log a
        // snapshot covers, so a snapshot must never be visible before it is whole and durable.
        try (OutputStream out = new AtomicFileOutputStream(target)) {
            snapshot.writeTo(out);
        }
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        syncDirectory(target.getParentFile().toPath());
        storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), at));
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Removes what a crash in the middle of {@link #write} left behind. */
    private static void removeUnfinished(File dir) throws IOException {
        File[] leftovers = dir.listFiles((d, name) -> name.endsWith(AtomicFileOutputStream.TMP_EXTENSION));
        if (leftovers != null) {
            for (File leftover : leftovers) {
                Files.deleteIfExists(leftover.toPath());
            }
        }
    }

    Loaded loadLatest(StateLimits limits) throws IOException {
        removeUnfinished(storage.getSnapshotFile(0, 0).getParentFile());
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

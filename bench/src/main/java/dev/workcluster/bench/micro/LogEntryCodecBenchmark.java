package dev.workcluster.bench.micro;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.workcluster.leader.state.StateLimits;
import dev.workcluster.leader.state.proto.BatchResult;
import dev.workcluster.leader.state.proto.Command;
import dev.workcluster.leader.state.proto.CommandBatch;
import dev.workcluster.leader.state.proto.CommandResult;
import dev.workcluster.leader.state.proto.Limits;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The bytes around apply, for one full entry of 1,024 ScheduleTask commands (ids and
 * payloads shaped like the load client's), each step done as the leader does it:
 * the proposal batcher encodes the entry, the Raft state machine decodes it from
 * Ratis' log data, encodes the results (every schedule result carries the stored
 * task), and the batcher decodes them. Scores are per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LogEntryCodecBenchmark {
    private Limits limits;
    private List<Command> commands;
    private ByteString logData;
    private List<CommandResult> results;
    private byte[] resultBytes;

    @Setup(Level.Trial)
    public void encodeOnce() {
        StateDriver driver = new StateDriver(StateLimits.defaults());
        CommandBatch entry = driver.scheduleEntry(driver.newTaskIds(StateDriver.ENTRY));
        limits = entry.getLimits();
        commands = entry.getCommandsList();
        logData = UnsafeByteOperations.unsafeWrap(entry.toByteArray());
        results = driver.apply(entry);
        StateDriver.requireOk(results);
        resultBytes = BatchResult.newBuilder().addAllResults(results).build().toByteArray();
    }

    /** ProposalBatcher.send: the queued commands into one entry's bytes. */
    @Benchmark
    @OperationsPerInvocation(StateDriver.ENTRY)
    public byte[] encodeEntry() {
        CommandBatch.Builder entry = CommandBatch.newBuilder().setLimits(limits);
        commands.forEach(entry::addCommands);
        return entry.build().toByteArray();
    }

    /** RaftStateMachine.decode: the committed entry's log data back into commands. */
    @Benchmark
    @OperationsPerInvocation(StateDriver.ENTRY)
    public CommandBatch decodeEntry() throws IOException {
        return CommandBatch.parseFrom(logData.newInput());
    }

    /** RaftStateMachine.applyTransaction: apply's results into the reply message. */
    @Benchmark
    @OperationsPerInvocation(StateDriver.ENTRY)
    public ByteString encodeResults() {
        return UnsafeByteOperations.unsafeWrap(
                BatchResult.newBuilder().addAllResults(results).build().toByteArray());
    }

    /** ProposalBatcher.complete: the reply back into one result per proposer. */
    @Benchmark
    @OperationsPerInvocation(StateDriver.ENTRY)
    public BatchResult decodeResults() throws InvalidProtocolBufferException {
        return BatchResult.parseFrom(resultBytes);
    }
}

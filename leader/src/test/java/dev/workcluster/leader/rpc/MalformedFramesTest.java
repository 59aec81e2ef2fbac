package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.testing.RawHttp2;
import dev.workcluster.leader.testing.RawHttp2.Answer;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import io.grpc.Status.Code;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gRPC frames no gRPC library sends, written straight onto HTTP/2: each stream gets an answer
 * that names its problem, the leader keeps serving, and nothing is stored. A frame the transport
 * cannot take apart (a length that lies, flag bits, a missing content-type) is answered by
 * grpc-java before any of the leader's code runs, with INTERNAL, gRPC's code for a protocol
 * violation; those answers are pinned here so that a change shows. What reaches the leader
 * (a body that does not inflate, the wrong number of requests) is INVALID_ARGUMENT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedFramesTest {
    private static final String GET_TASK = "/scheduler.v1.SchedulerService/GetTask";
    private static final String SESSION = "/cluster.v1.LeaderService/Session";
    private static final byte[] BODY =
            GetTaskRequest.newBuilder().setId("fuzz-pending").build().toByteArray();

    FuzzedLeader fuzzed;
    RawHttp2 http2;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        fuzzed = FuzzedLeader.start(dir);
        http2 = new RawHttp2(fuzzed.leader.server().schedulerPort());
    }

    @AfterAll
    void stop() throws Exception {
        http2.close();
        fuzzed.close();
    }

    record Case(String name, String path, Map<String, String> headers, byte[] data, Code code, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** What a case sends: {@code data} on a call to {@code path} with these headers besides gRPC's own. */
    record Sent(String name, String path, Map<String, String> headers, byte[] data) {
        Case answers(Code code, String message) {
            return new Case(name, path, headers, data, code, message);
        }
    }

    private static Sent getTask(String name, byte[] data) {
        return new Sent(name, GET_TASK, Map.of(), data);
    }

    static Stream<Case> cases() throws Exception {
        byte[] valid = RawHttp2.frame(0, BODY.length, BODY);
        byte[] gzipped = gzip(BODY);
        byte[] cutGzip = Arrays.copyOf(gzipped, gzipped.length / 2);
        Map<String, String> gzip = Map.of("grpc-encoding", "gzip");
        return Stream.of(
                getTask("a length prefix longer than the body", RawHttp2.frame(0, BODY.length + 10, BODY))
                        .answers(Code.INTERNAL, "Encountered end-of-stream mid-frame"),
                getTask("a frame header cut short", new byte[] {0, 0, 0})
                        .answers(Code.INTERNAL, "Encountered end-of-stream mid-frame"),
                getTask("the compressed flag without an encoding", RawHttp2.frame(1, BODY.length, BODY))
                        .answers(Code.INTERNAL, "Can't decode compressed gRPC message as compression not configured"),
                getTask("reserved flag bits", RawHttp2.frame(0x80, BODY.length, BODY))
                        .answers(Code.INTERNAL, "gRPC frame header malformed: reserved bits not zero"),
                new Sent("no content-type", GET_TASK, without("content-type"), valid)
                        .answers(Code.INTERNAL, "Content-Type is missing from the request"),
                new Sent("gzip declared, the body not gzip", GET_TASK, gzip, RawHttp2.frame(1, BODY.length, BODY))
                        .answers(
                                Code.INVALID_ARGUMENT,
                                "the request to scheduler.v1.SchedulerService/GetTask: "
                                        + "the request cannot be decompressed: Not in GZIP format"),
                new Sent("gzip cut short", GET_TASK, gzip, RawHttp2.frame(1, cutGzip.length, cutGzip))
                        .answers(Code.INVALID_ARGUMENT, "the request cannot be decompressed"),
                new Sent(
                                "a session's first frame gzip declared, not gzip",
                                SESSION,
                                gzip,
                                RawHttp2.frame(1, BODY.length, BODY))
                        .answers(Code.INVALID_ARGUMENT, "Not in GZIP format"),
                new Sent(
                                "an encoding the leader lacks",
                                GET_TASK,
                                Map.of("grpc-encoding", "snappy"),
                                RawHttp2.frame(1, BODY.length, BODY))
                        .answers(Code.UNIMPLEMENTED, "Can't find decompressor for snappy"),
                getTask("a 2 GiB length prefix", RawHttp2.frame(0, Integer.MAX_VALUE, BODY))
                        .answers(Code.RESOURCE_EXHAUSTED, "gRPC message exceeds maximum size 4194304: 2147483647"),
                getTask("a length prefix with the sign bit set", RawHttp2.frame(0, -1, BODY))
                        .answers(Code.RESOURCE_EXHAUSTED, "gRPC message exceeds maximum size 4194304: -1"),
                getTask("headers only", new byte[0])
                        .answers(Code.INVALID_ARGUMENT, "GetTask takes exactly one request message, got none"),
                getTask("two messages in one frame for a unary method", concat(valid, valid))
                        .answers(Code.INVALID_ARGUMENT, "GetTask takes exactly one request message, got a second one"),
                new Sent("an unknown method", "/scheduler.v1.SchedulerService/Nope", Map.of(), valid)
                        .answers(Code.UNIMPLEMENTED, "Method not found: scheduler.v1.SchedulerService/Nope"),
                new Sent("a valid request, gzipped", GET_TASK, gzip, RawHttp2.frame(1, gzipped.length, gzipped))
                        .answers(Code.OK, null));
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    /** Headers with {@code header} removed. */
    private static Map<String, String> without(String header) {
        Map<String, String> headers = new HashMap<>();
        headers.put(header, null);
        return headers;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachGetsAnAnswerNamingItsProblemAndTheLeaderKeepsServing(Case frame) throws Exception {
        FuzzedLeader.Stored before = fuzzed.stored();

        Answer answer = http2.send(frame.path(), frame.headers(), frame.data()).get(10, TimeUnit.SECONDS);

        assertThat(answer.grpcStatus())
                .as("%s", answer)
                .isEqualTo(Integer.toString(frame.code().value()));
        if (frame.message() != null) {
            assertThat(answer.grpcMessage()).as("%s", answer).isNotNull();
            assertThat(URLDecoder.decode(answer.grpcMessage(), StandardCharsets.UTF_8))
                    .contains(frame.message());
        }
        assertThat(fuzzed.notServing()).isNull();
        assertThat(fuzzed.stored()).isEqualTo(before);
    }
}

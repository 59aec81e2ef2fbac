package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.workcluster.leader.testing.RawHttp2;
import dev.workcluster.leader.testing.RawHttp2.Answer;
import dev.workcluster.proto.scheduler.v1.GetTaskRequest;
import io.grpc.Status;
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
import org.junit.jupiter.params.provider.Arguments;
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

    record Case(String name, String path, Map<String, String> headers, byte[] data, Status.Code code, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() throws Exception {
        byte[] valid = RawHttp2.frame(0, BODY.length, BODY);
        byte[] gzipped = gzip(BODY);
        byte[] cutGzip = Arrays.copyOf(gzipped, gzipped.length / 2);
        Map<String, String> gzip = Map.of("grpc-encoding", "gzip");
        return Stream.of(
                        new Case(
                                "a length prefix longer than the body",
                                GET_TASK,
                                Map.of(),
                                RawHttp2.frame(0, BODY.length + 10, BODY),
                                Status.Code.INTERNAL,
                                "Encountered end-of-stream mid-frame"),
                        new Case(
                                "a frame header cut short",
                                GET_TASK,
                                Map.of(),
                                new byte[] {0, 0, 0},
                                Status.Code.INTERNAL,
                                "Encountered end-of-stream mid-frame"),
                        new Case(
                                "the compressed flag without an encoding",
                                GET_TASK,
                                Map.of(),
                                RawHttp2.frame(1, BODY.length, BODY),
                                Status.Code.INTERNAL,
                                "Can't decode compressed gRPC message as compression not configured"),
                        new Case(
                                "reserved flag bits",
                                GET_TASK,
                                Map.of(),
                                RawHttp2.frame(0x80, BODY.length, BODY),
                                Status.Code.INTERNAL,
                                "gRPC frame header malformed: reserved bits not zero"),
                        new Case(
                                "no content-type",
                                GET_TASK,
                                without("content-type"),
                                valid,
                                Status.Code.INTERNAL,
                                "Content-Type is missing from the request"),
                        new Case(
                                "gzip declared, the body not gzip",
                                GET_TASK,
                                gzip,
                                RawHttp2.frame(1, BODY.length, BODY),
                                Status.Code.INVALID_ARGUMENT,
                                "the request to scheduler.v1.SchedulerService/GetTask: "
                                        + "the request cannot be decompressed: Not in GZIP format"),
                        new Case(
                                "gzip cut short",
                                GET_TASK,
                                gzip,
                                RawHttp2.frame(1, cutGzip.length, cutGzip),
                                Status.Code.INVALID_ARGUMENT,
                                "the request cannot be decompressed"),
                        new Case(
                                "a session's first frame gzip declared, not gzip",
                                SESSION,
                                gzip,
                                RawHttp2.frame(1, BODY.length, BODY),
                                Status.Code.INVALID_ARGUMENT,
                                "Not in GZIP format"),
                        new Case(
                                "an encoding the leader lacks",
                                GET_TASK,
                                Map.of("grpc-encoding", "snappy"),
                                RawHttp2.frame(1, BODY.length, BODY),
                                Status.Code.UNIMPLEMENTED,
                                "Can't find decompressor for snappy"),
                        new Case(
                                "a 2 GiB length prefix",
                                GET_TASK,
                                Map.of(),
                                RawHttp2.frame(0, Integer.MAX_VALUE, BODY),
                                Status.Code.RESOURCE_EXHAUSTED,
                                "gRPC message exceeds maximum size 4194304: 2147483647"),
                        new Case(
                                "a length prefix with the sign bit set",
                                GET_TASK,
                                Map.of(),
                                RawHttp2.frame(0, -1, BODY),
                                Status.Code.RESOURCE_EXHAUSTED,
                                "gRPC message exceeds maximum size 4194304: -1"),
                        new Case(
                                "headers only",
                                GET_TASK,
                                Map.of(),
                                new byte[0],
                                Status.Code.INVALID_ARGUMENT,
                                "GetTask takes exactly one request message, got none"),
                        new Case(
                                "two messages in one frame for a unary method",
                                GET_TASK,
                                Map.of(),
                                concat(valid, valid),
                                Status.Code.INVALID_ARGUMENT,
                                "GetTask takes exactly one request message, got a second one"),
                        new Case(
                                "an unknown method",
                                "/scheduler.v1.SchedulerService/Nope",
                                Map.of(),
                                valid,
                                Status.Code.UNIMPLEMENTED,
                                "Method not found: scheduler.v1.SchedulerService/Nope"),
                        new Case(
                                "a valid request, gzipped",
                                GET_TASK,
                                gzip,
                                RawHttp2.frame(1, gzipped.length, gzipped),
                                Status.Code.OK,
                                null))
                .map(Arguments::of);
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

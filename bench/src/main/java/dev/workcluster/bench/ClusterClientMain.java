package dev.workcluster.bench;

import com.google.gson.Gson;
import dev.workcluster.proto.cluster.v1.GetStatusRequest;
import dev.workcluster.proto.cluster.v1.LeaderServiceGrpc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An outside gRPC client of a cluster, in a JVM of its own, started by {@link ClientProcess}.
 * Argument: the nodes' {@code host:port,...}, the one to submit to first. It connects, prints
 * {@code ready}, then runs each command read from stdin and answers it with one line,
 * {@code result: JSON} or {@code error: MESSAGE}:
 * <ul>
 *   <li>{@code batch TASKS BATCH OUTSTANDING STALL_MS CAP_MS}: {@link BatchSubmit}</li>
 *   <li>{@code unary CALLS CALLERS}: {@link UnarySubmit}</li>
 * </ul>
 * When stdin ends (the bench closed it, or died) the process exits at once, whatever it is doing.
 */
public final class ClusterClientMain {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private ClusterClientMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: HOST:PORT[,HOST:PORT...], got " + List.of(args));
        }
        try (SubmitTargets targets = new SubmitTargets(ClusterAddresses.parse(args[0]))) {
            // the connection is made before the first command, so no command's time includes it
            LeaderServiceGrpc.newBlockingStub(targets.current())
                    .withWaitForReady()
                    .withDeadlineAfter(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getStatus(GetStatusRequest.getDefaultInstance());
            answer("ready");
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String command = line.strip();
                    runner.execute(() -> answer(run(command, targets)));
                }
            }
        }
        System.exit(0); // stdin ended: whatever still runs is no longer wanted
    }

    private static String run(String command, SubmitTargets targets) {
        String[] words = command.split("\\s+");
        try {
            Map<String, Object> figures = switch (words[0]) {
                case "batch" -> {
                    requireArguments(words, 5);
                    yield new BatchSubmit(targets)
                            .run(
                                    Integer.parseInt(words[1]),
                                    Integer.parseInt(words[2]),
                                    Integer.parseInt(words[3]),
                                    Duration.ofMillis(Long.parseLong(words[4])),
                                    Duration.ofMillis(Long.parseLong(words[5])));
                }
                case "unary" -> {
                    requireArguments(words, 2);
                    yield new UnarySubmit(targets.current())
                            .run(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                }
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            };
            return "result: " + new Gson().toJson(figures);
        } catch (Exception e) {
            return "error: " + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' ');
        }
    }

    private static void requireArguments(String[] words, int count) {
        if (words.length != count + 1) {
            throw new IllegalArgumentException(words[0] + " takes " + count + " arguments, got "
                    + Arrays.asList(words).subList(1, words.length));
        }
    }

    private static synchronized void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

package dev.workcluster.cli.ops;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import dev.workcluster.cli.DurationConverter;
import dev.workcluster.cli.client.TaskMessages;
import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Json;
import dev.workcluster.client.WorkClient;
import dev.workcluster.proto.scheduler.v1.Task;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code workcluster task ID}: every field of one task. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Show every field of one task.")
public final class TaskCommand extends ClusterCommand {
    /** Longer payloads are cut in the table; {@code -o json} shows them whole. */
    static final int PAYLOAD_SHOWN = 200;

    @Parameters(paramLabel = "ID", description = "The task's id.")
    String id;

    @Override
    int run(WorkClient client, PrintWriter out) {
        if (id.isBlank()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "ID must not be empty");
        }
        Task task = TaskMessages.task(client.get(id));
        if (json()) {
            Json.print(task, out);
        } else {
            fields(task, System.currentTimeMillis()).print(out);
        }
        return 0;
    }

    static FieldList fields(Task t, long now) {
        FieldList fields = new FieldList()
                .add("id", t.getId())
                .add("payload", payload(t.getPayload()))
                .add("queue", t.getQueue())
                .add("priority", HumanText.priority(t.getPriority()))
                .add("status", HumanText.status(t.getStatus()))
                .add("worker", t.getWorkerId());
        // Shown only when set, beside the worker: which workers may take the task, and why none does now.
        if (!t.getSelector().isEmpty()) {
            fields.add("selector", t.getSelector());
        }
        if (!t.getWarning().isEmpty()) {
            fields.add("warning", t.getWarning());
        }
        fields.add("attempt", t.getAttempt() + "/" + t.getMaxAttempts())
                .add("error", t.getError())
                .add("result", t.getResult())
                .add("created", time(t.getCreatedAt(), now, null))
                .add(
                        "started",
                        time(
                                t.getStartedAt(),
                                now,
                                t.hasCreatedAt() ? "queued " + between(readyAt(t), t.getStartedAt()) : null))
                .add(
                        "finished",
                        time(
                                t.getFinishedAt(),
                                now,
                                t.hasStartedAt() ? "ran " + between(t.getStartedAt(), t.getFinishedAt()) : null));
        // Shown only when set, so a task without them reads as it always did.
        if (t.hasRunAt()) {
            fields.add("run at", at(t.getRunAt(), now));
        }
        if (t.hasStartToClose()) {
            fields.add("task timeout", limit(t.getStartToClose()));
        }
        if (t.hasScheduleToStart()) {
            fields.add("start within", limit(t.getScheduleToStart()));
        }
        if (t.hasHeartbeatTimeout()) {
            fields.add("heartbeat timeout", limit(t.getHeartbeatTimeout()));
        }
        return fields;
    }

    /** When the task became ready to run: its run_at when it waited for one, else its creation. */
    private static Timestamp readyAt(Task t) {
        return t.hasRunAt() && HumanText.millis(t.getRunAt()) > HumanText.millis(t.getCreatedAt())
                ? t.getRunAt()
                : t.getCreatedAt();
    }

    /** {@code 2026-12-24T18:00:00Z (in 3h05m)} or {@code (... 2s ago)}. */
    static String at(Timestamp t, long now) {
        long millis = HumanText.millis(t);
        Instant instant = Instant.ofEpochMilli(millis);
        return millis > now
                ? instant + " (in " + HumanText.duration(Duration.ofMillis(millis - now)) + ")"
                : time(t, now, null);
    }

    static String limit(com.google.protobuf.Duration limit) {
        return DurationConverter.format(Duration.ofMillis(Durations.toMillis(limit)));
    }

    /** The first line, cut to {@value #PAYLOAD_SHOWN} characters, saying so when it was cut. */
    static String payload(String payload) {
        if (payload.length() <= PAYLOAD_SHOWN && payload.lines().count() <= 1) {
            return payload;
        }
        return HumanText.shorten(payload, PAYLOAD_SHOWN) + "  (shortened from " + payload.length()
                + " characters; -o json shows it whole)";
    }

    /** {@code 2024-05-01T12:00:00.123Z (12s ago, ran 3s)}, or "" when unset. */
    static String time(Timestamp t, long now, String since) {
        if (t.getSeconds() == 0 && t.getNanos() == 0) {
            return "";
        }
        Instant instant = Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).truncatedTo(ChronoUnit.MILLIS);
        return instant + " (" + HumanText.age(t, now) + " ago" + (since == null ? "" : ", " + since) + ")";
    }

    private static String between(Timestamp from, Timestamp to) {
        return HumanText.duration(Duration.ofMillis(HumanText.millis(to) - HumanText.millis(from)));
    }
}

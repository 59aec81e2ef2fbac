package dev.workcluster.leader.schedules;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.workcluster.leader.state.proto.StoredSchedule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * When a schedule fires: a five-field cron expression read in a time zone, or a fixed interval.
 * Computed on the leader only, which writes the results into the log; apply never calls this.
 */
public final class FireTimes {
    /** Never fires again (a cron such as "0 0 30 2 *"). */
    public static final long NEVER = Long.MAX_VALUE;
    /** Past this many passed fire times, the count of missed ones is a lower bound. */
    static final int MAX_COUNTED = 100_000;

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime cron;
    private final ZoneId zone;
    private final long everyMillis;

    private FireTimes(ExecutionTime cron, ZoneId zone, long everyMillis) {
        this.cron = cron;
        this.zone = zone;
        this.everyMillis = everyMillis;
    }

    /**
     * A cron schedule; throws {@link IllegalArgumentException} naming what is wrong with the
     * expression or the zone ("" = UTC).
     */
    public static FireTimes cron(String expression, String timeZone) {
        ZoneId zone;
        try {
            zone = timeZone.isEmpty() ? ZoneOffset.UTC : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "unknown time zone '" + timeZone + "' (use an IANA name such as" + " Europe/Paris, or UTC)");
        }
        try {
            return new FireTimes(ExecutionTime.forCron(PARSER.parse(expression).validate()), zone, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a five-field cron expression"
                    + " (minute hour day-of-month month day-of-week): " + e.getMessage());
        }
    }

    public static FireTimes every(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("interval must be > 0, got " + millis + " ms");
        }
        return new FireTimes(null, ZoneOffset.UTC, millis);
    }

    /** The fire times of a stored schedule. */
    public static FireTimes of(StoredSchedule schedule) {
        return schedule.getCron().isEmpty()
                ? every(schedule.getEveryMillis())
                : cron(schedule.getCron(), schedule.getTimeZone());
    }

    /** The first fire time strictly after {@code millis}, or {@link #NEVER}. */
    public long firstAfter(long millis) {
        if (cron == null) {
            return millis + everyMillis;
        }
        Optional<ZonedDateTime> next = cron.nextExecution(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), zone));
        return next.map(t -> t.toInstant().toEpochMilli()).orElse(NEVER);
    }

    /**
     * What to fire at {@code now}, when the schedule was next due at {@code due} (at or before now):
     * the latest {@code maxCatchUp} fire times that passed, how many more passed, and the next fire
     * time after now. An interval stays on the grid of its first fire time.
     */
    public Firing at(long due, long now, int maxCatchUp) {
        if (cron == null) {
            long passed = (now - due) / everyMillis + 1;
            int firing = (int) Math.min(passed, maxCatchUp);
            List<Long> fire = new ArrayList<>(firing);
            long last = due + (passed - 1) * everyMillis;
            for (int i = firing - 1; i >= 0; i--) {
                fire.add(last - i * everyMillis);
            }
            return new Firing(fire, passed - firing, last + everyMillis);
        }
        Deque<Long> latest = new ArrayDeque<>(maxCatchUp);
        long passed = 0;
        long time = due;
        while (time <= now && passed < MAX_COUNTED) {
            if (latest.size() == maxCatchUp) {
                latest.removeFirst();
            }
            latest.addLast(time);
            passed++;
            time = firstAfter(time);
        }
        long next = time <= now ? firstAfter(now) : time;
        return new Firing(List.copyOf(latest), passed - latest.size(), next);
    }

    /** Fire times that create tasks (oldest first), how many more passed unfired, and the next one. */
    public record Firing(List<Long> fire, long missed, long next) {}
}

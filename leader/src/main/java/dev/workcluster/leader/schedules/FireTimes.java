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
    /** Past this many missed fire times, the count is a lower bound. */
    static final int MAX_COUNTED = 10_000; // it runs on the leader's timer thread: keep it to milliseconds

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

    /** The last fire time strictly before {@code millis}, or {@link Long#MIN_VALUE}. */
    private long lastBefore(long millis) {
        Optional<ZonedDateTime> last = cron.lastExecution(ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), zone));
        return last.map(t -> t.toInstant().toEpochMilli()).orElse(Long.MIN_VALUE);
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
        // The latest fire times first, stepping back from now; then the missed ones are counted
        // forward from the one that was due up to the oldest that fires.
        Deque<Long> latest = new ArrayDeque<>(maxCatchUp);
        long before = now + 1;
        while (latest.size() < maxCatchUp) {
            long previous = lastBefore(before);
            if (previous < due) {
                break;
            }
            latest.addFirst(previous);
            before = previous;
        }
        if (latest.isEmpty()) {
            latest.add(due); // the zone's rules moved the grid: fire what was due
        }
        long missed = 0;
        for (long time = due; time < latest.getFirst() && missed < MAX_COUNTED; time = firstAfter(time)) {
            missed++;
        }
        return new Firing(List.copyOf(latest), missed, firstAfter(now));
    }

    /** Fire times that create tasks (oldest first), how many more passed unfired, and the next one. */
    public record Firing(List<Long> fire, long missed, long next) {}
}

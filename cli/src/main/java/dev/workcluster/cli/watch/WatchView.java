package dev.workcluster.cli.watch;

import dev.workcluster.cli.ops.TasksCommand;
import dev.workcluster.cli.output.HumanText;
import dev.workcluster.cli.output.Table;
import dev.workcluster.proto.cluster.v1.Member;
import dev.workcluster.proto.cluster.v1.TaskCounts;
import dev.workcluster.proto.scheduler.v1.Task;
import dev.workcluster.proto.scheduler.v1.TaskStatus;
import dev.workcluster.proto.scheduler.v1.WatchTasksResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the live view shows, and only that: the members, the task counts, the most
 * recently changed tasks and the last few notes. Memory stays bounded by the cluster's
 * size, not by how many tasks pass by. Rendering is a pure function of this model.
 */
public final class WatchView {
    static final int RECENT_TASKS = 20;
    static final int MAX_MEMBER_ROWS = 30;
    static final int NOTES = 3;

    private final String title;
    private final String footer;
    private final Set<TaskStatus> statuses;
    private final WatchLines lines;
    private final Map<String, Member> members = new TreeMap<>();
    /** Oldest change first; the newest is re-inserted at the end. */
    private final LinkedHashMap<String, Task> recent = new LinkedHashMap<>();

    private final Deque<String> notes = new ArrayDeque<>();
    private TaskCounts counts;
    private String connection = "connecting";

    /** {@code footer}: the last line, such as "Ctrl-C to stop". */
    public WatchView(String title, String footer, Set<TaskStatus> statuses, WatchLines lines) {
        this.title = title;
        this.footer = footer;
        this.statuses = Set.copyOf(statuses);
        this.lines = lines;
    }

    /** A new snapshot follows: forget what the last connection showed. */
    public void reset() {
        members.clear();
        recent.clear();
    }

    public void apply(WatchTasksResponse event) {
        switch (event.getEventCase()) {
            case TASK -> {
                Task task = event.getTask();
                recent.remove(task.getId());
                recent.put(task.getId(), task);
                if (recent.size() > RECENT_TASKS) {
                    recent.remove(recent.keySet().iterator().next());
                }
            }
            case REMOVED_TASK_ID -> recent.remove(event.getRemovedTaskId());
            case MEMBER -> members.put(event.getMember().getId(), event.getMember());
            case REMOVED_MEMBER_ID -> members.remove(event.getRemovedMemberId());
            default -> {}
        }
    }

    /** The task no longer matches the status filter. */
    public void hide(String taskId) {
        recent.remove(taskId);
    }

    public void counts(TaskCounts newCounts) {
        this.counts = newCounts;
    }

    /** Where the view gets its events from: "connected to ...", "reconnecting ...". */
    public void connection(String text) {
        this.connection = text;
    }

    public void note(String text, long nowMillis) {
        notes.addLast(lines.time(nowMillis) + " " + text);
        while (notes.size() > NOTES) {
            notes.removeFirst();
        }
    }

    int recentCount() {
        return recent.size();
    }

    /**
     * The whole frame, one line per row. On a terminal of {@code rows} × {@code columns}
     * (0 = unknown) the task list is trimmed and long lines are cut, so that redrawing
     * in place never scrolls.
     */
    public String render(long nowMillis, int rows, int columns) {
        List<String> head = new ArrayList<>();
        head.add(title + " · " + connection + " · " + lines.time(nowMillis));
        head.add(countsLine());
        if (!statuses.isEmpty()) {
            head.add("showing tasks that are "
                    + statuses.stream().map(HumanText::status).sorted().collect(Collectors.joining(" or ")));
        }
        head.add("");
        head.add("MEMBERS (" + members.size() + ")");
        head.addAll(memberRows(nowMillis));
        head.add("");
        List<String> tail = new ArrayList<>();
        notes.forEach(n -> tail.add(n));
        tail.add(footer);
        // The task list adds a title, a header and a blank line; the last line keeps the cursor on screen.
        int room = rows > 0 ? Math.max(1, Math.min(RECENT_TASKS, rows - head.size() - tail.size() - 4)) : RECENT_TASKS;
        List<String> frame = new ArrayList<>(head);
        frame.addAll(taskRows(nowMillis, room));
        frame.add("");
        frame.addAll(tail);
        StringBuilder text = new StringBuilder();
        for (String line : frame) {
            text.append(columns > 1 && line.length() >= columns ? line.substring(0, columns - 2) + "…" : line)
                    .append('\n');
        }
        return text.toString();
    }

    private String countsLine() {
        if (counts == null) {
            return "tasks: counting…";
        }
        return "tasks: " + counts.getPending() + " pending · " + counts.getRunning() + " running · "
                + counts.getCompleted() + " completed · " + counts.getError() + " error · "
                + counts.getCancelled() + " cancelled"
                + (counts.getScheduled() == 0 ? "" : " · " + counts.getScheduled() + " scheduled");
    }

    private List<String> memberRows(long now) {
        if (members.isEmpty()) {
            return List.of("(no members yet)");
        }
        Table table = new Table("ID", "TRANSPORT", "STATUS", "SLOTS", "RUNNING", "LAST HEARTBEAT");
        members.values().stream()
                .limit(MAX_MEMBER_ROWS)
                .forEach(m -> table.row(
                        m.getId(),
                        m.getTransport(),
                        m.getStatus(),
                        m.getSlotsUsed() + "/" + m.getSlots(),
                        m.getRunningTaskIdsCount() == 0
                                ? "-"
                                : HumanText.shorten(String.join(",", m.getRunningTaskIdsList()), 40),
                        m.hasLastHeartbeatAt() ? HumanText.age(m.getLastHeartbeatAt(), now) + " ago" : "-"));
        List<String> rows = print(table);
        if (members.size() > MAX_MEMBER_ROWS) {
            rows.add("… and " + (members.size() - MAX_MEMBER_ROWS) + " more");
        }
        return rows;
    }

    private List<String> taskRows(long now, int room) {
        List<Task> newestFirst = new ArrayList<>(recent.values());
        java.util.Collections.reverse(newestFirst);
        int shown = Math.min(newestFirst.size(), room);
        List<String> rows = new ArrayList<>();
        rows.add(shown == 0 ? "RECENT TASKS" : "RECENT TASKS (last " + shown + " changed, newest first)");
        if (shown == 0) {
            rows.add("(none yet)");
            return rows;
        }
        Table table = new Table("ID", "PRIORITY", "STATUS", "WORKER", "ATTEMPT", "TIME", "ERROR");
        for (Task t : newestFirst.subList(0, shown)) {
            table.row(
                    t.getId(),
                    HumanText.priority(t.getPriority()),
                    HumanText.status(t.getStatus()),
                    t.getWorkerId().isEmpty() ? "-" : t.getWorkerId(),
                    t.getAttempt() + "/" + t.getMaxAttempts(),
                    TasksCommand.timing(t, now),
                    HumanText.shorten(t.getError(), 50));
        }
        rows.addAll(print(table));
        return rows;
    }

    private static List<String> print(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));
        return new ArrayList<>(text.toString().lines().toList());
    }
}

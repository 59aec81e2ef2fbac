package dev.workcluster.client;

import java.util.List;

/**
 * One page of {@link WorkClient#list}.
 *
 * <pre>{@code
 * for (TaskPage page = client.list(TaskState.ERROR, null, 100); ; page = client.list(TaskState.ERROR, page.next(), 100)) {
 *     page.tasks().forEach(System.out::println);
 *     if (page.isLast()) break;
 * }
 * }</pre>
 *
 * @param next the token of the following page; empty on the last one
 */
public record TaskPage(List<TaskInfo> tasks, String next) {
    public boolean isLast() {
        return next.isEmpty();
    }
}

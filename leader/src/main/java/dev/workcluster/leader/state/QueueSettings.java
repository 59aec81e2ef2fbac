package dev.workcluster.leader.state;

import dev.workcluster.leader.state.proto.StoredQueue;
import java.util.regex.Pattern;

/**
 * A named queue's share of the free slots ({@code weight}) and how many of its tasks may run at
 * once ({@code maxRunning}, 0 = no limit). A queue nobody configured has the defaults.
 */
public record QueueSettings(String name, int weight, int maxRunning) {
    /** The queue of a task that names none. */
    public static final String DEFAULT_QUEUE = "default";

    public static final int MAX_NAME_LENGTH = 63;
    public static final int MAX_WEIGHT = 1_000;
    public static final int MAX_RUNNING_LIMIT = 1_000_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** What a queue nobody configured gets. */
    public static QueueSettings defaults(String name) {
        return new QueueSettings(name, 1, 0);
    }

    public boolean isDefault() {
        return weight == 1 && maxRunning == 0;
    }

    /** Whether {@code running} tasks already fill the queue's limit. */
    public boolean full(int running) {
        return maxRunning > 0 && running >= maxRunning;
    }

    /** What is wrong with a queue name, or null when it is a valid one. */
    public static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "queue name must not be empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "queue name is " + name.length() + " characters, over the limit of " + MAX_NAME_LENGTH;
        }
        if (!NAME.matcher(name).matches()) {
            return "queue name '" + name + "' may hold only letters, digits and . _ -";
        }
        return null;
    }

    /** What is wrong with these settings, or null when they are valid. */
    public static String problem(String name, long weight, long maxRunning) {
        String nameProblem = nameProblem(name);
        if (nameProblem != null) {
            return nameProblem;
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            return "weight of queue '" + name + "' is " + weight + ", outside 1.." + MAX_WEIGHT;
        }
        if (maxRunning < 0 || maxRunning > MAX_RUNNING_LIMIT) {
            return "max_running of queue '" + name + "' is " + maxRunning + ", outside 0.." + MAX_RUNNING_LIMIT
                    + " (0 = no limit)";
        }
        return null;
    }

    StoredQueue toProto() {
        return StoredQueue.newBuilder()
                .setName(name)
                .setWeight(weight)
                .setMaxRunning(maxRunning)
                .build();
    }

    static QueueSettings fromProto(StoredQueue stored) {
        return new QueueSettings(stored.getName(), stored.getWeight(), stored.getMaxRunning());
    }
}

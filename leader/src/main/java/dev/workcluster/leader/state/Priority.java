package dev.workcluster.leader.state;

/** Task priority as sent by the client; UNSPECIFIED queues like LOW but is reported as sent. */
enum Priority {
    UNSPECIFIED(0, 0),
    LOW(1, 0),
    MEDIUM(2, 1),
    HIGH(3, 2);

    /** The scheduler.v1.TaskPriority number. */
    public final int wireNumber;
    /** Higher runs first. */
    final int rank;

    Priority(int wireNumber, int rank) {
        this.wireNumber = wireNumber;
        this.rank = rank;
    }

    public static boolean isKnown(int number) {
        return number >= UNSPECIFIED.wireNumber && number <= HIGH.wireNumber;
    }

    public static Priority fromWireNumber(int number) {
        for (Priority priority : values()) {
            if (priority.wireNumber == number) {
                return priority;
            }
        }
        throw new IllegalArgumentException("unknown task priority number " + number);
    }
}

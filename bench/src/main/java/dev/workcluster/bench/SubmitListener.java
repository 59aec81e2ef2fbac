package dev.workcluster.bench;

/** Told of every task a {@link LoadClient} submits just before it is sent, and of those whose submit finally failed. */
interface SubmitListener {
    SubmitListener NONE = new SubmitListener() {
        @Override
        public void sending(String id, long nanos) {}

        @Override
        public void failed(String id) {}
    };

    /** @param nanos the {@link System#nanoTime()} of the submit */
    void sending(String id, long nanos);

    /** The submit was refused for good (or the client is closing): the task will never start. */
    void failed(String id);
}

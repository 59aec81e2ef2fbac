package dev.workcluster.cli.ops;

import java.security.SecureRandom;

/**
 * Task ids the CLI makes when {@code schedule} gets no {@code --id}: 16 characters of
 * lowercase Crockford base32 ({@code 0-9a-z} without {@code i l o u}). The first 10
 * encode the milliseconds since the epoch, so ids sort by when they were made; the last
 * 6 are 30 random bits. Within one process ids are strictly increasing (in the same
 * millisecond the random part counts up), so they never repeat.
 */
final class TaskIds {
    static final int LENGTH = 16;
    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final long RANDOM_LIMIT = 1L << 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The CLI's generator; one per process, so ids made in it never repeat. */
    static final TaskIds SHARED = new TaskIds();

    private long lastMillis = -1;
    private long lastRandom;

    String next() {
        return next(System.currentTimeMillis());
    }

    synchronized String next(long nowMillis) {
        long millis = nowMillis;
        long random;
        if (millis <= lastMillis) {
            millis = lastMillis;
            random = lastRandom + 1;
            if (random >= RANDOM_LIMIT) { // a billion ids in one millisecond: borrow the next one
                millis++;
                random = 0;
            }
        } else {
            random = RANDOM.nextInt((int) RANDOM_LIMIT);
        }
        lastMillis = millis;
        lastRandom = random;
        return encode(millis, 10) + encode(random, 6);
    }

    private static String encode(long value, int digits) {
        char[] out = new char[digits];
        long rest = value;
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (rest & 31)];
            rest >>>= 5;
        }
        return new String(out);
    }
}

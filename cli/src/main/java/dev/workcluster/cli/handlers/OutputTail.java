package dev.workcluster.cli.handlers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last {@code capacity} bytes of a stream in a ring buffer, so a command that
 * prints gigabytes costs no more memory than one that prints a line. Filled by one reader
 * thread, read by another.
 */
final class OutputTail {
    private final byte[] ring;
    private long written;

    OutputTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("tail capacity must be >= 1, got " + capacity);
        }
        this.ring = new byte[capacity];
    }

    /** Copies the stream into the tail until end of stream or a read error. */
    void drain(InputStream in) {
        byte[] chunk = new byte[8192];
        try (in) {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                append(chunk, n);
            }
        } catch (IOException e) {
            // The process was destroyed or its pipe closed: what was read so far is the tail.
        }
    }

    synchronized void append(byte[] bytes, int length) {
        int skipped = Math.max(0, length - ring.length);
        written += skipped; // bytes that would be overwritten at once still count, so text() knows it was cut
        for (int i = skipped; i < length; i++) {
            ring[(int) (written++ % ring.length)] = bytes[i];
        }
    }

    /** The kept bytes as UTF-8 text, without a character the cut split in two. */
    synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] bytes = new byte[size];
        int start = (int) ((written - size) % ring.length);
        for (int i = 0; i < size; i++) {
            bytes[i] = ring[(start + i) % ring.length];
        }
        int from = 0;
        // Skip UTF-8 continuation bytes (10xxxxxx) left over from a character cut at the start.
        while (written > ring.length && from < size && from < 3 && (bytes[from] & 0xC0) == 0x80) {
            from++;
        }
        return new String(bytes, from, size - from, StandardCharsets.UTF_8);
    }
}

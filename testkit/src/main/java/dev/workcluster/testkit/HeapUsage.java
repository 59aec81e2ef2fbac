package dev.workcluster.testkit;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A leader process's heap, as it reported it on its control channel ({@link LeaderProcess#heap}).
 *
 * <pre>{@code
 * HeapUsage heap = node.heap(Duration.ofSeconds(30));
 * double heldMb = HeapUsage.mb(heap.afterGcBytes());
 * }</pre>
 *
 * @param usedBytes    heap in use when asked, garbage included
 * @param afterGcBytes heap in use right after a full collection: what the leader holds on to
 * @param maxBytes     the JVM's heap limit (-Xmx)
 */
public record HeapUsage(long usedBytes, long afterGcBytes, long maxBytes) {
    private static final Pattern LINE = Pattern.compile("heap used=(\\d+) after_gc=(\\d+) max=(-?\\d+)");

    /** The line a node writes on its stdout. */
    public String line() {
        return String.format(Locale.ROOT, "heap used=%d after_gc=%d max=%d", usedBytes, afterGcBytes, maxBytes);
    }

    /** True for the lines {@link #line()} writes. */
    public static boolean isLine(String text) {
        return LINE.matcher(text).matches();
    }

    public static HeapUsage parse(String text) {
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a heap line: " + text);
        }
        return new HeapUsage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    /** Bytes in MiB, to one decimal. */
    public static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }
}

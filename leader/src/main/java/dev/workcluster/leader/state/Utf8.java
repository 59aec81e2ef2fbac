package dev.workcluster.leader.state;

/** UTF-8 sizes without encoding: a payload is measured on every admission, and may be a MiB long. */
final class Utf8 {
    private Utf8() {}

    /**
     * What {@code text.getBytes(UTF_8).length} returns, without the copy: a lone surrogate
     * counts as the one-byte replacement that encoding writes for it.
     */
    static int length(String text) {
        int bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}

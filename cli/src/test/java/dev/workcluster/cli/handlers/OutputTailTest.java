package dev.workcluster.cli.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    static void append(OutputTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.append(bytes, bytes.length);
    }

    @Test
    void keepsEverythingUpToItsCapacity() {
        OutputTail tail = new OutputTail(8);
        append(tail, "abc");
        append(tail, "de");

        assertThat(tail.text()).isEqualTo("abcde");
    }

    @Test
    void keepsTheLastBytesAcrossManyWrapArounds() {
        OutputTail tail = new OutputTail(4);
        append(tail, "abc");
        append(tail, "defgh");
        append(tail, "i");

        assertThat(tail.text()).isEqualTo("fghi");
    }

    @Test
    void aSingleWriteLargerThanTheCapacityKeepsItsEnd() {
        OutputTail tail = new OutputTail(3);
        append(tail, "0123456789");

        assertThat(tail.text()).isEqualTo("789");
    }

    @Test
    void drainsAStreamToItsEnd() {
        OutputTail tail = new OutputTail(5);
        tail.drain(new ByteArrayInputStream("hello world".getBytes(StandardCharsets.UTF_8)));

        assertThat(tail.text()).isEqualTo("world");
    }

    @Test
    void aNonCutMultiByteCharacterAtTheStartIsKept() {
        OutputTail tail = new OutputTail(4);
        append(tail, "xx\u00e9\u00e9");

        assertThat(tail.text()).isEqualTo("\u00e9\u00e9");
    }

    @Test
    void aCharacterCutByOneLargeWriteIsDropped() {
        OutputTail tail = new OutputTail(5);
        append(tail, "\u00e9\u00e9\u00e9"); // six bytes; the kept five start inside the first character

        assertThat(tail.text()).isEqualTo("\u00e9\u00e9");
    }
}

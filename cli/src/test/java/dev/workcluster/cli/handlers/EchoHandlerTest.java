package dev.workcluster.cli.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EchoHandlerTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "", "two\nlines", "  spaced  ", "sleep 2s"})
    void returnsThePayloadUnchanged(String payload) {
        assertThat(new EchoHandler().handle(new TestContext(payload))).isEqualTo(payload);
    }
}

package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    final DurationConverter converter = new DurationConverter();

    @ParameterizedTest
    @CsvSource({"500ms,500", "3s,3000", "1m,60000", "2h,7200000", "7d,604800000", "30,30000", " 5s ,5000"})
    void acceptsOperatorDurations(String text, long millis) {
        assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "s",
                "-1s",
                "1.5s",
                "3 s",
                "1w",
                "0",
                "0ms",
                "0d",
                "abc",
                "99999999999999999999s",
                "999999999999999d"
            })
    void refusesAnythingElseNamingTheValue(String text) {
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"500ms,500ms", "3s,3s", "60s,1m", "24h,24h", "90s,90s"})
    void formatsBackTheShortestForm(String text, String formatted) {
        assertThat(ConfigPrinter.format(converter.convert(text))).isEqualTo(formatted);
    }
}

package dev.workcluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerAddressesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "worker-host|worker-host:40041",
                "10.0.0.5|10.0.0.5:40041",
                "' worker-host '|worker-host:40041",
                "worker-host:9000|worker-host:9000",
                "fe80::1|[fe80::1]:40041",
                "[::1]|[::1]:40041",
                "[::1]:9000|[::1]:9000",
                "host:notaport|host:notaport",
            })
    void aBareHostGetsTheListenPort(String address, String advertised) {
        assertThat(WorkerAddresses.advertised(address, 40041)).isEqualTo(advertised);
    }

    @Test
    void noAddressLeavesTheLibraryDefault() {
        assertThat(WorkerAddresses.advertised(null, 40041)).isNull();
        assertThat(WorkerAddresses.advertised("  ", 40041)).isNull();
    }

    @Test
    void aBareHostWithARandomPortCannotBeAdvertised() {
        assertThatThrownBy(() -> WorkerAddresses.advertised("worker-host", 0))
                .hasMessageContaining("'worker-host' has no port");
        assertThat(WorkerAddresses.advertised("worker-host:9000", 0)).isEqualTo("worker-host:9000");
    }

    @Test
    void leadersAreCommaSeparatedAndEmptyEntriesKeptForValidation() {
        assertThat(WorkerAddresses.leaders("a:1, b:2")).containsExactly("a:1", "b:2");
        assertThat(WorkerAddresses.leaders("a:1,")).containsExactly("a:1", "");
    }
}

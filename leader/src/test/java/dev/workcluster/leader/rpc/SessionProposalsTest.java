package dev.workcluster.leader.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A session reads its next message only while fewer than the cap of its proposals wait for
 * the log; the read held at the cap happens when one of them completes, however it completes.
 */
class SessionProposalsTest {
    private final AtomicInteger reads = new AtomicInteger();
    private final SessionProposals proposals = new SessionProposals(2, reads::incrementAndGet);
    private final List<CompletableFuture<String>> log = new ArrayList<>();

    private void handleOneMessage() {
        proposals.propose(() -> {
            CompletableFuture<String> entry = new CompletableFuture<>();
            log.add(entry);
            return entry;
        });
        proposals.readNext();
    }

    @Test
    void underTheCapEveryHandledMessageReadsTheNext() {
        handleOneMessage();
        assertThat(reads).hasValue(1);
        log.get(0).complete("committed");
        handleOneMessage();
        handleOneMessage();
        assertThat(reads).hasValue(2);
        assertThat(proposals.inFlight()).isEqualTo(2);
    }

    @Test
    void atTheCapTheSessionStopsReadingUntilAProposalCompletes() {
        handleOneMessage();
        handleOneMessage();
        assertThat(reads)
                .as("the second message filled the cap: no read after it")
                .hasValue(1);

        log.get(1).completeExceptionally(new IllegalStateException("not committed in time"));

        assertThat(reads).as("a failed proposal frees its place as well").hasValue(2);
        assertThat(proposals.inFlight()).isEqualTo(1);
        log.get(0).complete("committed");
        assertThat(reads).as("no read was held: completing does not read twice").hasValue(2);
    }

    @Test
    void aProposalThatCannotEvenBeMadeIsNotCounted() {
        assertThatThrownBy(() -> proposals.propose(() -> {
                    throw new IllegalStateException("node is shutting down");
                }))
                .hasMessageContaining("shutting down");
        assertThat(proposals.inFlight()).isZero();
    }
}

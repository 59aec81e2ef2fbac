package dev.workcluster.cli.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.workcluster.worker.NonRetryableTaskException;
import dev.workcluster.worker.TaskCancelledException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecHandlerTest {
    final ExecHandler handler = new ExecHandler();

    @TempDir
    Path dir;

    @Test
    void returnsTheExitCodeAndTheCombinedOutput() throws Exception {
        assertThat(handler.handle(new TestContext("echo hello; echo oops >&2; echo bye")))
                .isEqualTo("exit 0\nhello\noops\nbye\n");
    }

    @Test
    void aCommandWithNoOutputReportsJustItsExitCode() throws Exception {
        assertThat(handler.handle(new TestContext("true"))).isEqualTo("exit 0\n");
    }

    @Test
    void aNonZeroExitFailsTheAttemptWithTheCodeAndTheTail() {
        assertThatThrownBy(() -> handler.handle(new TestContext("echo half done; echo broken >&2; exit 7")))
                .isInstanceOf(TaskFailure.class)
                .isNotInstanceOf(NonRetryableTaskException.class)
                .hasMessage("exit 7\nhalf done\nbroken\n")
                .hasToString("exit 7\nhalf done\nbroken\n");
    }

    @Test
    void keepsOnlyTheLast4KiBOfOutput() throws Exception {
        String result = handler.handle(new TestContext("head -c 100000 /dev/zero | tr '\\0' a; printf END"));

        String tail = result.substring("exit 0\n".length());
        assertThat(result).startsWith("exit 0\n");
        assertThat(tail)
                .hasSize(ExecHandler.DEFAULT_TAIL_BYTES)
                .endsWith("aaaEND")
                .matches("a+END");
    }

    @Test
    void aCharacterCutByTheTailIsDropped() throws Exception {
        // Three two-byte characters; a 5-byte tail starts in the middle of the first.
        assertThat(new ExecHandler(5).handle(new TestContext("printf '\\303\\251\\303\\251\\303\\251'")))
                .isEqualTo("exit 0\n\u00e9\u00e9");
    }

    @Test
    void aCommandReadingStdinSeesEndOfFile() throws Exception {
        assertThat(handler.handle(new TestContext("cat; echo after"))).isEqualTo("exit 0\nafter\n");
    }

    @Test
    void aBackgroundChildHoldingTheOutputOpenDoesNotHoldTheResult() throws Exception {
        Path pid = dir.resolve("pid");
        long started = System.nanoTime();

        String result = handler.handle(new TestContext("sleep 30 & echo $! > " + pid + "; echo started"));

        assertThat(result).isEqualTo("exit 0\nstarted\n");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }

    @ParameterizedTest(name = "interrupted={0}")
    @ValueSource(booleans = {true, false})
    void cancellationTerminatesTheCommandAndItsChildren(boolean interrupt) throws Exception {
        Path shellPid = dir.resolve("shell");
        Path childPid = dir.resolve("child");
        TestContext context =
                new TestContext("sleep 60 & echo $! > " + childPid + "; echo $$ > " + shellPid + "; wait");
        CompletableFuture<String> outcome = context.runOnNewThread(handler);
        await().atMost(Duration.ofSeconds(10)).until(() -> hasPid(childPid) && hasPid(shellPid));
        ProcessHandle shell = ProcessHandle.of(readPid(shellPid)).orElseThrow();
        ProcessHandle child = ProcessHandle.of(readPid(childPid)).orElseThrow();

        long cancelled = System.nanoTime();
        context.cancel(interrupt);

        assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TaskCancelledException.class);
        // SIGTERM ends both at once; the 1 s SIGKILL fallback must not have been needed.
        assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofMillis(900));
        await().atMost(Duration.ofSeconds(5)).until(() -> !ExecHandler.running(shell) && !ExecHandler.running(child));
    }

    @Test
    void aCommandIgnoringSigtermIsKilled() throws Exception {
        Path pid = dir.resolve("pid");
        TestContext context = new TestContext("trap '' TERM; echo $$ > " + pid + "; while :; do sleep 0.1; done");
        CompletableFuture<String> outcome = context.runOnNewThread(handler);
        await().atMost(Duration.ofSeconds(10)).until(() -> hasPid(pid));
        ProcessHandle shell = ProcessHandle.of(readPid(pid)).orElseThrow();

        context.cancel(true);

        assertThatThrownBy(() -> outcome.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TaskCancelledException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !ExecHandler.running(shell));
    }

    @Test
    void anAlreadyCancelledTaskStartsNothing() {
        Path marker = dir.resolve("ran");
        TestContext context = new TestContext("touch " + marker);
        context.cancel(false);

        assertThatThrownBy(() -> handler.handle(context)).isInstanceOf(TaskCancelledException.class);
        assertThat(marker).doesNotExist();
    }

    private static boolean hasPid(Path file) throws Exception {
        return Files.exists(file) && Files.readString(file).strip().matches("\\d+");
    }

    private static long readPid(Path file) throws Exception {
        return Long.parseLong(Files.readString(file).strip());
    }
}

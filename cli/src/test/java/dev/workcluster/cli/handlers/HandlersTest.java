package dev.workcluster.cli.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.workcluster.worker.TaskContext;
import dev.workcluster.worker.TaskHandler;
import org.junit.jupiter.api.Test;

class HandlersTest {

    /** A user's handler as the docs describe it. */
    public static final class Upper implements TaskHandler {
        @Override
        public String handle(TaskContext context) {
            return context.payload().toUpperCase();
        }
    }

    public abstract static class Abstract implements TaskHandler {}

    public static final class NeedsArgument implements TaskHandler {
        public NeedsArgument(String argument) {}

        @Override
        public String handle(TaskContext context) {
            return "";
        }
    }

    public static final class Explodes implements TaskHandler {
        public Explodes() {
            throw new IllegalStateException("no config file");
        }

        @Override
        public String handle(TaskContext context) {
            return "";
        }
    }

    static final class NotPublic implements TaskHandler {
        @Override
        public String handle(TaskContext context) {
            return "";
        }
    }

    @Test
    void builtInsByName() {
        assertThat(Handlers.builtIn("sleep", false)).isInstanceOf(SleepHandler.class);
        assertThat(Handlers.builtIn("echo", false)).isInstanceOf(EchoHandler.class);
        assertThat(Handlers.builtIn("exec", true)).isInstanceOf(ExecHandler.class);
    }

    @Test
    void execNeedsTheOperatorsConsent() {
        assertThatThrownBy(() -> Handlers.builtIn("exec", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--allow-exec");
    }

    @Test
    void anUnknownNameIsNamed() {
        assertThatThrownBy(() -> Handlers.builtIn("Sleep", false))
                .hasMessage("handler 'Sleep' is not one of sleep, echo, exec");
    }

    @Test
    void aUsersClassIsLoadedAndRuns() throws Exception {
        TaskHandler handler = Handlers.fromClass(Upper.class.getName());

        assertThat(handler.handle(new TestContext("shout"))).isEqualTo("SHOUT");
    }

    @Test
    void everyUnusableClassIsRefusedNamingItAndTheReason() {
        assertRefused("does.not.Exist", "is not on the classpath");
        assertRefused("java.lang.String", "does not implement dev.workcluster.worker.TaskHandler");
        assertRefused(Abstract.class.getName(), "is abstract or an interface");
        assertRefused(TaskHandler.class.getName(), "is abstract or an interface");
        assertRefused(NeedsArgument.class.getName(), "needs a public no-argument constructor");
        assertRefused(NotPublic.class.getName(), "needs a public no-argument constructor");
        assertRefused(
                Explodes.class.getName(), "failed in its constructor: java.lang.IllegalStateException: no config file");
    }

    private static void assertRefused(String className, String reason) {
        assertThatThrownBy(() -> Handlers.fromClass(className))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("handler class '" + className + "'")
                .hasMessageContaining(reason);
    }
}

package dev.workcluster.cli.handlers;

import dev.workcluster.worker.TaskHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Makes the handler {@code workcluster worker} runs: a built-in one by name, or a user's
 * class from the classpath. Every refusal is an {@link IllegalArgumentException} whose
 * message names the value and says what to do.
 */
public final class Handlers {
    /** Names accepted by {@link #builtIn}. */
    public static final List<String> BUILT_IN = List.of("sleep", "echo", "exec");

    private Handlers() {}

    /**
     * A built-in handler.
     *
     * @param name {@code sleep}, {@code echo} or {@code exec}
     * @param allowExec whether the operator accepted that {@code exec} runs what clients send
     * @return a new handler
     * @throws IllegalArgumentException for an unknown name, or {@code exec} without {@code allowExec}
     */
    public static TaskHandler builtIn(String name, boolean allowExec) {
        return switch (name) {
            case "sleep" -> new SleepHandler();
            case "echo" -> new EchoHandler();
            case "exec" -> {
                if (!allowExec) {
                    throw new IllegalArgumentException("--handler exec runs every task's payload as a shell command, "
                            + "so anyone who can schedule a task can run commands on this machine; "
                            + "add --allow-exec if that is what you want");
                }
                yield new ExecHandler();
            }
            default ->
                throw new IllegalArgumentException(
                        "handler '" + name + "' is not one of " + String.join(", ", BUILT_IN));
        };
    }

    /**
     * Loads and instantiates a user's handler.
     *
     * @param className a class on the classpath with a public no-argument constructor that
     *                  implements {@link TaskHandler}
     * @return a new instance
     * @throws IllegalArgumentException naming the class and what is wrong with it
     */
    public static TaskHandler fromClass(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, true, classLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("handler class '" + className + "' is not on the classpath");
        } catch (LinkageError e) {
            throw new IllegalArgumentException("handler class '" + className + "' could not be loaded: " + e);
        }
        if (!TaskHandler.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    "handler class '" + className + "' does not implement " + TaskHandler.class.getName());
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("handler class '" + className + "' is abstract or an interface");
        }
        try {
            return (TaskHandler) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException("handler class '" + className
                    + "' needs a public no-argument constructor (and must itself be public)");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "handler class '" + className + "' failed in its constructor: " + e.getCause(), e.getCause());
        } catch (InstantiationException e) {
            throw new IllegalArgumentException("handler class '" + className + "' cannot be instantiated: " + e);
        }
    }

    private static ClassLoader classLoader() {
        // The context loader sees what an embedding application added; the CLI's own loader otherwise.
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Handlers.class.getClassLoader();
    }
}

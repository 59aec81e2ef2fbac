package dev.workcluster.cli.watch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Ctrl-C (SIGINT) as a request to finish, so that a command that runs until interrupted
 * can stop cleanly and exit 0 rather than being torn down by the JVM with 130. A second
 * Ctrl-C goes to the previous handler (the JVM's: exit at once). Uses the JDK's
 * {@code sun.misc.Signal} through reflection; where it is missing, Ctrl-C keeps its
 * default behaviour. Close to restore the previous handler.
 */
public final class Interrupts implements AutoCloseable {
    private final Object signal;
    private final Object previous;
    private final Method handle;

    private Interrupts(Object signal, Object previous, Method handle) {
        this.signal = signal;
        this.previous = previous;
        this.handle = handle;
    }

    /** Runs {@code action} (on the JVM's signal thread; keep it short) at the first Ctrl-C. */
    public static Interrupts onCtrlC(Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance("INT");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Method forward = handlerClass.getMethod("handle", signalClass);
            Object[] previous = new Object[1];
            boolean[] seen = new boolean[1];
            Object handler = Proxy.newProxyInstance(
                    Interrupts.class.getClassLoader(), new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                        if (!method.getName().equals("handle")) {
                            return method.getName().equals("toString")
                                    ? "workcluster Ctrl-C handler"
                                    : method.getName().equals("hashCode")
                                            ? System.identityHashCode(proxy)
                                            : proxy == args[0];
                        }
                        if (!seen[0]) {
                            seen[0] = true;
                            action.run();
                        } else {
                            forward(forward, previous[0], args[0]);
                        }
                        return null;
                    });
            previous[0] = handle.invoke(null, signal, handler);
            return new Interrupts(signal, previous[0], handle);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return new Interrupts(null, null, null); // no signal API (or -Xrs): Ctrl-C stays the JVM's
        }
    }

    private static void forward(Method forward, Object previous, Object signal) {
        try {
            forward.invoke(previous, signal);
        } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
            System.exit(130); // the previous handler was the native default, which cannot be called
        }
    }

    @Override
    public void close() {
        if (signal == null) {
            return;
        }
        try {
            handle.invoke(null, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // leave ours in place: a later Ctrl-C then runs a finished action, then the previous handler
        }
    }
}

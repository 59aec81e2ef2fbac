package dev.workcluster.client.internal;

/**
 * The JSON helpers' way in. Jackson is an optional dependency, so only {@link JacksonCodec}
 * names its types, and this class checks that Jackson is there before it touches that one:
 * an application without Jackson never loads either of them, and calling a JSON helper tells
 * it what to add instead of failing with NoClassDefFoundError.
 *
 * <pre>{@code
 * String json = Json.write(new Resize("photo-17.jpg", 640));
 * Resize back = Json.read(json, Resize.class, "payload of task t1");
 * }</pre>
 */
public final class Json {
    static final String JACKSON = "com.fasterxml.jackson.databind.ObjectMapper";

    private Json() {}

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        requireJackson();
        return JacksonCodec.write(value);
    }

    /** {@code json} read as a {@code type}; {@code what} names the text in an error. */
    public static <T> T read(String json, Class<T> type, String what) {
        requireJackson();
        return JacksonCodec.read(json, type, what);
    }

    private static void requireJackson() {
        try {
            // Not initialised here: that is left to the codec's first use.
            Class.forName(JACKSON, false, Json.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    "the JSON helpers need Jackson: add com.fasterxml.jackson.core:jackson-databind (2.12 or later) to"
                            + " the application's dependencies (workcluster-client declares it optional)",
                    e);
        }
    }
}

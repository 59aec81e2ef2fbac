package dev.workcluster.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The only class that names Jackson's types, reached through {@link Json} once Jackson is known
 * to be there. One mapper for the whole client (Jackson's mappers are thread-safe once
 * configured); it takes the Jackson modules the application has (java.time from
 * jackson-datatype-jsr310, for example).
 */
final class JacksonCodec {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder().findAndAddModules().build();

    private JacksonCodec() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write a " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(String json, Class<T> type, String what) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    what + " is not JSON for a " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }
}

package dev.workcluster.bench.chaos;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Locale;

/**
 * Reading and writing the history's JSON objects, with errors that name the file, the
 * line and the field: a history that does not parse is refused rather than half-checked.
 * Enums travel as their lower-case names (task statuses keep their upper-case names).
 */
final class JsonFields {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private JsonFields() {}

    /** The object on one line, without line breaks. */
    static String line(JsonObject object) {
        return GSON.toJson(object);
    }

    static JsonObject parse(String text, String where) {
        JsonElement element;
        try {
            element = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(where + ": not JSON (" + e.getMessage() + ")", e);
        }
        if (!element.isJsonObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object, got " + text);
        }
        return element.getAsJsonObject();
    }

    static String string(JsonObject object, String field, String where) {
        String value = optionalString(object, field, where);
        if (value == null) {
            throw new IllegalArgumentException(where + ": field \"" + field + "\" is missing");
        }
        return value;
    }

    /** The field's text, or null when it is absent or JSON null. */
    static String optionalString(JsonObject object, String field, String where) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(where + ": field \"" + field + "\" must be a string, got " + value);
        }
        return value.getAsString();
    }

    static long number(JsonObject object, String field, String where) {
        JsonElement value = object.get(field);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException(where + ": field \"" + field + "\" is missing");
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(where + ": field \"" + field + "\" must be a number, got " + value);
        }
        return value.getAsLong();
    }

    static int smallNumber(JsonObject object, String field, String where) {
        long value = number(object, field, where);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    where + ": field \"" + field + "\" must be 0.." + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) value;
    }

    /** The enum constant whose {@link #wire} name is the field's text. */
    static <E extends Enum<E>> E choice(JsonObject object, String field, Class<E> type, String where) {
        String text = string(object, field, where);
        for (E constant : type.getEnumConstants()) {
            if (wire(constant).equals(text)) {
                return constant;
            }
        }
        StringBuilder known = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            known.append(known.length() == 0 ? "" : ", ").append(wire(constant));
        }
        throw new IllegalArgumentException(
                where + ": field \"" + field + "\" is \"" + text + "\"; expected one of " + known);
    }

    /** How an enum constant is written: its name in lower case. */
    static String wire(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** Adds {@code value} under {@code field} unless it is null. */
    static void putIfPresent(JsonObject object, String field, String value) {
        if (value != null) {
            object.add(field, new JsonPrimitive(value));
        }
    }
}

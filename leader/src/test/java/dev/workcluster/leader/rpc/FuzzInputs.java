package dev.workcluster.leader.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Seeded inputs for the fuzzers ({@link GrpcFuzzTest}, {@link SessionFuzzTest}), typed by
 * nothing but a message descriptor: raw and truncated bytes, strings that are not UTF-8, nesting
 * past protobuf's limit, and messages filled with random values of each field's own type (edge
 * numbers, unknown enum numbers, empty, blank, huge and non-ASCII strings, long repeated fields,
 * unknown fields).
 */
final class FuzzInputs {
    /** Unknown groups nested deeper than protobuf's recursion limit (100) do not parse. */
    static final int TOO_DEEP = 150;

    private static final int[] EDGE_INTS = {
        0,
        1,
        -1,
        2,
        3,
        49,
        50,
        100,
        101,
        256,
        257,
        1024,
        1025,
        10_000,
        10_001,
        60_000,
        60_001,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE
    };
    private static final long[] EDGE_LONGS = {
        0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 253_402_300_800L, -62_135_596_801L
    };
    private static final String ODD_CHARS = "\u0000\t\n\r \u00e9\u200b\u202e\ufeff\ud83d\ude00/\\'\"%:._-";

    private final Random random;
    private final List<String> knownIds;

    /** What one call sends, and what it was made as (for the failure report). */
    record Input(String kind, List<byte[]> messages) {
        static Input of(String kind, byte[]... messages) {
            return new Input(kind, List.of(messages));
        }

        @Override
        public String toString() {
            int size = messages.stream().mapToInt(m -> m.length).sum();
            String head = messages.isEmpty()
                    ? ""
                    : ", starting "
                            + HexFormat.of().formatHex(messages.get(0), 0, Math.min(32, messages.get(0).length));
            return kind + " (" + messages.size() + " messages, " + size + " bytes" + head + ")";
        }
    }

    /** {@code knownIds}: ids the leader stores, so that random calls also reach the paths of things that exist. */
    FuzzInputs(long seed, List<String> knownIds) {
        this.random = new Random(seed);
        this.knownIds = knownIds;
    }

    Random random() {
        return random;
    }

    /**
     * Requests a method cannot take, each checked not to parse as {@code type}: random bytes,
     * truncated messages, a valid message with garbage after it, a string that is not UTF-8,
     * nesting past the limit; and, if the method takes one request, none or two.
     */
    List<Input> malformed(Descriptor type, boolean oneRequest) {
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            addIfUnparsable(inputs, type, "random bytes", randomBytes(64));
            addIfUnparsable(
                    inputs, type, "a truncated message", truncated(message(type).toByteArray()));
            byte[] valid = message(type).toByteArray();
            byte[] tail = randomBytes(8);
            byte[] withTail = Arrays.copyOf(valid, valid.length + tail.length);
            System.arraycopy(tail, 0, withTail, valid.length, tail.length);
            addIfUnparsable(inputs, type, "a message with garbage after it", withTail);
        }
        addIfUnparsable(inputs, type, "a string field that is not UTF-8", invalidUtf8(type));
        addIfUnparsable(inputs, type, "unknown groups nested " + TOO_DEEP + " deep", nestedGroups(TOO_DEEP));
        if (oneRequest) {
            inputs.add(new Input("no request", List.of()));
            byte[] valid = message(type).toByteArray();
            inputs.add(Input.of("two requests", valid, valid));
        }
        return inputs;
    }

    private static void addIfUnparsable(List<Input> inputs, Descriptor type, String kind, byte[] bytes) {
        if (bytes != null && !parses(type, bytes)) {
            inputs.add(Input.of(kind, bytes));
        }
    }

    byte[] randomBytes(int maxLength) {
        byte[] bytes = new byte[1 + random.nextInt(maxLength)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A strict, non-empty prefix (null when {@code valid} is too short to cut). */
    byte[] truncated(byte[] valid) {
        return valid.length < 2 ? null : Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
    }

    /** The message with a few fields of numbers no schema here uses, of every wire type. */
    byte[] withUnknownFields(byte[] message) {
        return write(out -> {
            out.writeRawBytes(message);
            for (int i = random.nextInt(3); i >= 0; i--) {
                int number = 1000 + random.nextInt(100_000);
                switch (random.nextInt(4)) {
                    case 0 -> out.writeUInt64(number, random.nextLong());
                    case 1 -> out.writeFixed64(number, random.nextLong());
                    case 2 -> out.writeFixed32(number, random.nextInt());
                    default -> out.writeBytes(number, ByteString.copyFrom(randomBytes(64)));
                }
            }
        });
    }

    /** An unknown group holding itself {@code depth} times. */
    static byte[] nestedGroups(int depth) {
        return write(out -> {
            for (int i = 0; i < depth; i++) {
                out.writeTag(4242, 3); // START_GROUP
            }
            for (int i = 0; i < depth; i++) {
                out.writeTag(4242, 4); // END_GROUP
            }
        });
    }

    /** A message of exactly {@code size} bytes: one unknown bytes field (it parses as any message type). */
    static byte[] ofSize(int size) {
        int length = size - 1 - CodedOutputStream.computeUInt32SizeNoTag(size); // field 15: a one-byte tag
        while (1 + CodedOutputStream.computeUInt32SizeNoTag(length) + length > size) {
            length--;
        }
        byte[] filler = new byte[length];
        byte[] message = write(out -> out.writeByteArray(15, filler));
        if (message.length != size) {
            throw new IllegalStateException("built " + message.length + " bytes, wanted " + size);
        }
        return message;
    }

    /**
     * A string field somewhere in {@code type} (nested at most three deep) holding the bytes
     * C3 28, which are not UTF-8; null when the type has no string field.
     */
    static byte[] invalidUtf8(Descriptor type) {
        List<FieldDescriptor> path = pathToString(type, 0);
        if (path == null) {
            return null;
        }
        byte[] inner = {(byte) 0xC3, 0x28};
        for (int i = path.size() - 1; i >= 0; i--) {
            byte[] value = inner;
            int number = path.get(i).getNumber();
            inner = write(out -> out.writeByteArray(number, value));
        }
        return inner;
    }

    private static List<FieldDescriptor> pathToString(Descriptor type, int depth) {
        for (FieldDescriptor field : type.getFields()) {
            if (field.getType() == FieldDescriptor.Type.STRING) {
                return new ArrayList<>(List.of(field));
            }
        }
        if (depth < 3) {
            for (FieldDescriptor field : type.getFields()) {
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    List<FieldDescriptor> rest = pathToString(field.getMessageType(), depth + 1);
                    if (rest != null) {
                        rest.add(0, field);
                        return rest;
                    }
                }
            }
        }
        return null;
    }

    static boolean parses(Descriptor type, byte[] bytes) {
        try {
            DynamicMessage.parseFrom(type, bytes);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** A message of {@code type} whose fields hold random values of their own types (about half of them set). */
    DynamicMessage message(Descriptor type) {
        return message(type, 0, false);
    }

    private DynamicMessage message(Descriptor type, int depth, boolean small) {
        DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
        for (FieldDescriptor field : type.getFields()) {
            if (random.nextInt(10) < 4) {
                continue;
            }
            if (field.isRepeated()) {
                int count = count(small);
                for (int i = 0; i < count; i++) {
                    message.addRepeatedField(field, value(field, depth, small || count > 100));
                }
            } else {
                message.setField(field, value(field, depth, small));
            }
        }
        return message.build();
    }

    /** Mostly a few; now and then many; rarely one over the 10,000 a call may carry. */
    private int count(boolean small) {
        int roll = random.nextInt(100);
        return roll < 85 || small ? random.nextInt(4) : roll < 98 ? random.nextInt(200) : 10_001;
    }

    private Object value(FieldDescriptor field, int depth, boolean small) {
        return switch (field.getJavaType()) {
            case INT -> EDGE_INTS[random.nextInt(EDGE_INTS.length)] + (random.nextInt(4) == 0 ? random.nextInt() : 0);
            case LONG -> random.nextBoolean() ? EDGE_LONGS[random.nextInt(EDGE_LONGS.length)] : random.nextLong();
            case FLOAT -> random.nextBoolean() ? Float.NaN : random.nextFloat();
            case DOUBLE -> random.nextBoolean() ? Double.NEGATIVE_INFINITY : random.nextDouble();
            case BOOLEAN -> random.nextBoolean();
            case STRING -> string(small);
            case BYTE_STRING -> ByteString.copyFrom(randomBytes(32));
            case ENUM -> enumValue(field.getEnumType());
            case MESSAGE ->
                depth < 4
                        ? message(field.getMessageType(), depth + 1, small)
                        : DynamicMessage.getDefaultInstance(field.getMessageType());
        };
    }

    private Object enumValue(EnumDescriptor type) {
        if (random.nextInt(4) > 0) {
            return type.getValues().get(random.nextInt(type.getValues().size()));
        }
        return type.findValueByNumberCreatingIfUnknown(
                random.nextBoolean() ? -1 - random.nextInt(5) : 4 + random.nextInt(100));
    }

    private String string(boolean small) {
        int roll = random.nextInt(small ? 12 : 16);
        return switch (roll) {
            case 0 -> "";
            case 1 -> " \t ";
            case 2, 3, 4, 5 -> knownIds.get(random.nextInt(knownIds.size()));
            case 6, 7 -> ascii(1 + random.nextInt(20));
            case 8, 9 -> odd(1 + random.nextInt(20));
            case 10 -> Long.toString(random.nextLong());
            case 11 -> knownIds.get(random.nextInt(knownIds.size())) + odd(1);
            case 12 -> "i".repeat(257); // over the id limit
            case 13 -> "p".repeat(1025 + random.nextInt(2000)); // over FuzzedLeader.PAYLOAD_LIMIT
            case 14 -> odd(70_000); // over the 64 KiB a result or error text keeps
            default -> ascii(300 + random.nextInt(5000));
        };
    }

    private String ascii(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (32 + random.nextInt(95)));
        }
        return text.toString();
    }

    private String odd(int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int at = random.nextInt(ODD_CHARS.length());
            char c = ODD_CHARS.charAt(at);
            text.append(
                    Character.isHighSurrogate(c)
                            ? ODD_CHARS.substring(at, at + 2)
                            : Character.isLowSurrogate(c) ? "x" : String.valueOf(c));
        }
        return text.toString();
    }

    private interface Writes {
        void to(CodedOutputStream out) throws IOException;
    }

    private static byte[] write(Writes writes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            writes.to(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

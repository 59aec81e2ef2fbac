package dev.workcluster.cli.output;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;

/**
 * JSON output for scripts: the wire messages in protobuf's canonical JSON mapping with
 * the .proto field names (snake_case), so the format is the proto files' and stays
 * stable as fields are only ever added.
 */
public final class Json {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
    private static final JsonFormat.Printer ONE_LINE = PRINTER.omittingInsignificantWhitespace();

    private Json() {}

    public static void print(MessageOrBuilder message, PrintWriter out) {
        out.println(format(message, PRINTER));
        out.flush();
    }

    /** One message per line, for event streams (watch). */
    public static void printLine(MessageOrBuilder message, PrintWriter out) {
        out.println(format(message, ONE_LINE));
        out.flush();
    }

    private static String format(MessageOrBuilder message, JsonFormat.Printer printer) {
        try {
            return printer.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(
                    "cannot print " + message.getDescriptorForType().getFullName() + " as JSON", e);
        }
    }
}

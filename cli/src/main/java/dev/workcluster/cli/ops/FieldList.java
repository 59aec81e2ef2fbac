package dev.workcluster.cli.ops;

import dev.workcluster.cli.output.Table;
import java.io.PrintWriter;

/**
 * A two-column "FIELD  VALUE" list for one object (a task, a node's status). Values
 * may span several lines: the continuation lines line up under the value column.
 */
final class FieldList {
    private final Table table = new Table("FIELD", "VALUE");

    /** An empty value prints as "-". */
    FieldList add(String field, Object value) {
        String text = value == null ? "" : value.toString();
        if (text.isBlank()) {
            table.row(field, "-");
            return this;
        }
        boolean first = true;
        for (String line : (Iterable<String>) text.stripTrailing().lines()::iterator) {
            table.row(first ? field : "", line);
            first = false;
        }
        return this;
    }

    void print(PrintWriter out) {
        table.print(out);
    }
}

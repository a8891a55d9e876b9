package org.rmsconnector.rmsctl.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns for people. Every cell is cleaned of control characters, because the values come from the
 * connector (account names, event messages) and must not be able to drive the terminal.
 */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    private Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    static Table of(String... headers) {
        return new Table(headers);
    }

    /** Adds a row; {@code null} cells print as "-". */
    Table row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = i < cells.length ? clean(cells[i]) : "";
        }
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** Text for a terminal: {@code null} is "-", control characters (ESC, CR, LF, ...) become '?'. */
    static String clean(Object value) {
        if (value == null) {
            return "-";
        }
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x202E) {
                b.append('?');
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}

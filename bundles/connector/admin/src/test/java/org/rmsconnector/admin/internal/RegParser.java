package org.rmsconnector.admin.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Registry Editor 5.00 files, as far as the generator writes them: the header line, a blank
 * line, then sections of {@code [HKEY_...\Key]} followed by {@code @=} / {@code "Name"=} lines whose data is a
 * quoted string (only {@code \\} and {@code \"} escapes) or {@code hex(1):} UTF-16LE bytes ending in a NUL, every
 * line ending in CRLF, a blank line after each section. Anything else throws.
 */
final class RegParser {
    private static final Pattern KEY = Pattern.compile("\\[(HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER)(\\\\[^\\\\\\[\\]]+)+\\]");
    private static final Pattern HEX = Pattern.compile("hex\\(1\\):([0-9a-f]{2}(,[0-9a-f]{2})*)");

    private RegParser() {
    }

    /** @return full value path ({@code KEY\Name} or {@code KEY\(Default)}) to data, in file order */
    static Map<String, String> parse(String content) {
        if (content.replace("\r\n", "").contains("\n") || content.replace("\r\n", "").contains("\r")) {
            throw new IllegalArgumentException("a line does not end in CRLF");
        }
        if (!content.endsWith("\r\n")) {
            throw new IllegalArgumentException("the file does not end with CRLF");
        }
        String[] lines = content.substring(0, content.length() - 2).split("\r\n", -1);
        if (!lines[0].equals("Windows Registry Editor Version 5.00") || !lines[1].isEmpty()) {
            throw new IllegalArgumentException("bad header: " + lines[0]);
        }
        Map<String, String> values = new LinkedHashMap<>();
        String key = null;
        for (int i = 2; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                if (key == null) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": blank line outside a section");
                }
                key = null;
                continue;
            }
            if (line.startsWith("[")) {
                if (key != null) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": no blank line before a key");
                }
                if (!KEY.matcher(line).matches()) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": bad key " + line);
                }
                key = line.substring(1, line.length() - 1);
                continue;
            }
            if (key == null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": value outside a key: " + line);
            }
            int[] pos = {0};
            String name;
            if (line.startsWith("@")) {
                name = "(Default)";
                pos[0] = 1;
            } else {
                name = quoted(line, pos, i);
            }
            if (pos[0] >= line.length() || line.charAt(pos[0]) != '=') {
                throw new IllegalArgumentException("line " + (i + 1) + ": no '=' after the name");
            }
            pos[0]++;
            String data;
            if (line.startsWith("\"", pos[0])) {
                data = quoted(line, pos, i);
                if (pos[0] != line.length()) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": text after the data");
                }
            } else {
                data = hex(line.substring(pos[0]), i);
            }
            String path = key + "\\" + name;
            if (values.put(path, data) != null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": value repeated: " + path);
            }
        }
        if (key != null) {
            throw new IllegalArgumentException("the last section has no blank line after it");
        }
        return values;
    }

    private static String quoted(String line, int[] pos, int lineIndex) {
        if (line.charAt(pos[0]) != '"') {
            throw new IllegalArgumentException("line " + (lineIndex + 1) + ": expected a quote");
        }
        StringBuilder out = new StringBuilder();
        for (int i = pos[0] + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
                if (next != '\\' && next != '"') {
                    throw new IllegalArgumentException("line " + (lineIndex + 1) + ": bad escape at " + i);
                }
                out.append(next);
                i++;
            } else if (c == '"') {
                pos[0] = i + 1;
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw new IllegalArgumentException("line " + (lineIndex + 1) + ": unterminated string");
    }

    private static String hex(String text, int lineIndex) {
        Matcher m = HEX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("line " + (lineIndex + 1) + ": data neither quoted nor hex(1): " + text);
        }
        String[] parts = m.group(1).split(",");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        String s = new String(bytes, StandardCharsets.UTF_16LE);
        if (bytes.length % 2 != 0 || !s.endsWith("\0")) {
            throw new IllegalArgumentException("line " + (lineIndex + 1) + ": hex(1) data not NUL-terminated UTF-16LE");
        }
        return s.substring(0, s.length() - 1);
    }
}

package org.rmsconnector.admin.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Windows Registry Editor 5.00 file: keys in brackets, {@code @="..."} for a key's default value,
 * {@code "Name"="data"} otherwise, CRLF line endings. Data regedit cannot hold in quotes (line breaks and other
 * control characters) is written as {@code hex(1):} (REG_SZ as UTF-16LE bytes), which it reads back identically.
 */
final class RegFile {
    static final String HEADER = "Windows Registry Editor Version 5.00";
    static final String CRLF = "\r\n";

    private RegFile() {
    }

    static String render(List<RegistryValue> values) {
        Map<String, StringBuilder> keys = new LinkedHashMap<>();
        for (RegistryValue v : values) {
            StringBuilder section = keys.computeIfAbsent(v.key(), k -> new StringBuilder());
            section.append(v.name() == null ? "@" : quote(v.name())).append('=').append(data(v.data())).append(CRLF);
        }
        StringBuilder out = new StringBuilder(HEADER).append(CRLF).append(CRLF);
        keys.forEach((key, section) -> out.append('[').append(key).append(']').append(CRLF).append(section)
                .append(CRLF));
        return out.toString();
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String data(String data) {
        for (int i = 0; i < data.length(); i++) {
            if (Character.isISOControl(data.charAt(i))) {
                return hexString(data);
            }
        }
        return quote(data);
    }

    private static String hexString(String data) {
        byte[] bytes = (data + "\0").getBytes(StandardCharsets.UTF_16LE);
        StringBuilder out = new StringBuilder("hex(1):");
        for (int i = 0; i < bytes.length; i++) {
            out.append(i == 0 ? "" : ",").append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }
}

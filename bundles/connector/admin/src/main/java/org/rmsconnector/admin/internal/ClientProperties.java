package org.rmsconnector.admin.internal;

import java.net.URI;
import java.util.List;

import org.rmsconnector.api.workload.Workload;

/**
 * A {@link java.util.Properties} file for this project's client: {@code rms.connector.url}, {@code rms.service.url},
 * {@code rms.workload} and each registry value as {@code registry.<n>.path} / {@code registry.<n>.value}. Written
 * by hand (not {@code Properties.store}) to keep the order and leave out the date; escaped as
 * {@code Properties.load} reads it, non-ASCII as {@code \}{@code uXXXX} so the file is the same in any encoding.
 */
final class ClientProperties {
    private ClientProperties() {
    }

    static String render(Workload workload, URI connectorUrl, URI serviceUrl, List<RegistryValue> values) {
        StringBuilder out = new StringBuilder();
        out.append("# RMS connector settings for ").append(workload.id())
                .append(" servers using the RMS Connector client.\n");
        out.append("# registry.<n>.path/value: what a Windows server of this workload needs in its registry.\n");
        line(out, "rms.connector.url", connectorUrl.toString());
        line(out, "rms.service.url", serviceUrl.toString());
        line(out, "rms.workload", workload.id());
        int n = 1;
        for (RegistryValue v : values) {
            line(out, "registry." + n + ".path", v.path());
            line(out, "registry." + n + ".value", v.data());
            n++;
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(escape(key, true)).append('=').append(escape(value, false)).append('\n');
    }

    static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\f' -> out.append("\\f");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

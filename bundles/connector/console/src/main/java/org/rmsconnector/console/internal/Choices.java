package org.rmsconnector.console.internal;

import java.util.Locale;

import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;

/** Parsing of the values forms send, with messages that name the field and the values allowed. */
final class Choices {
    private Choices() {
    }

    static Workload workload(String field, String value) {
        if (value != null) {
            for (Workload w : Workload.values()) {
                if (w.id().equalsIgnoreCase(value) || w.name().equalsIgnoreCase(value)) {
                    return w;
                }
            }
        }
        throw new IllegalArgumentException("The " + field + " must be one of exchange, sharepoint, fci"
                + (value == null ? "; none was given." : ", not '" + value + "'."));
    }

    static AuthorizedServer.Kind kind(String value) {
        if (value != null) {
            try {
                return AuthorizedServer.Kind.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException notAKind) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("The kind must be one of ACCOUNT, COMPUTER, GROUP"
                + (value == null ? "; none was given." : ", not '" + value + "'."));
    }

    static String required(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException("The " + field + " is required.");
        }
        return value;
    }

    /** {@code <option>}s, the one equal to {@code selected} (ignoring case) selected. */
    static String options(Iterable<String> values, String selected) {
        StringBuilder out = new StringBuilder();
        for (String v : values) {
            out.append("<option value=\"").append(Html.attr(v)).append('"')
                    .append(v.equalsIgnoreCase(selected == null ? "" : selected) ? " selected" : "")
                    .append('>').append(Html.text(v)).append("</option>");
        }
        return out.toString();
    }
}

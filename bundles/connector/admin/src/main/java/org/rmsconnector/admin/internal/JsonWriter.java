package org.rmsconnector.admin.internal;

import java.time.Duration;
import java.time.Instant;
import org.rmsconnector.commons.JsonText;

/**
 * The small JSON writer the API answers with. Strings are escaped as the relay's {@code Json.quote} does: quotes,
 * backslashes and control characters, and also {@code < > &} and the line separators, so an answer is safe even if
 * a browser is tricked into reading it as HTML or script.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private boolean comma;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        comma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        comma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        comma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        comma = true;
        return this;
    }

    JsonWriter name(String name) {
        separate();
        out.append(JsonText.quote(name)).append(':');
        comma = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        out.append(value == null ? "null" : JsonText.quote(value));
        comma = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        comma = true;
        return this;
    }

    JsonWriter value(double value) {
        separate();
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        comma = true;
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        comma = true;
        return this;
    }

    JsonWriter value(Instant value) {
        return value(value == null ? null : value.toString());
    }

    /** A duration as seconds (with milliseconds), or null. */
    JsonWriter value(Duration value) {
        if (value == null) {
            return nullValue();
        }
        return value(value.toMillis() / 1000.0);
    }

    JsonWriter nullValue() {
        separate();
        out.append("null");
        comma = true;
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, Instant value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, Duration value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (comma) {
            out.append(',');
        }
    }
}

package org.rmsconnector.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rmsconnector.protocol.jose.Fields;

/** Shared plumbing of the wire records: argument errors become MALFORMED naming the field. */
final class Wire {

    /** Reads one value from a JSON object. */
    interface Reader<T> {
        T read(Fields f) throws ProtocolException;
    }

    private Wire() {
    }

    static <T> T parse(String json, String what, Reader<T> reader) throws ProtocolException {
        Fields f = Fields.parse(json, what);
        return read(f, reader);
    }

    static <T> T read(Fields f, Reader<T> reader) throws ProtocolException {
        try {
            return reader.read(f);
        } catch (IllegalArgumentException | NullPointerException e) {
            // Record constructors validate with unchecked exceptions whose messages name the field.
            throw new ProtocolException(Reason.MALFORMED, f.path() + ": " + e.getMessage(), e);
        }
    }

    static <T> List<T> list(Fields f, String field, int min, int max, Reader<T> reader) throws ProtocolException {
        List<Fields> items = f.objects(field);
        if (items.size() < min || items.size() > max) {
            throw f.malformed(field, "must have between " + min + " and " + max + " entries, has " + items.size());
        }
        List<T> out = new ArrayList<>(items.size());
        for (Fields i : items) {
            out.add(read(i, reader));
        }
        return out;
    }

    static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + ": missing or blank");
        }
    }

    static void requireJws(String s, String name) {
        if (!Fields.isCompact(s, 3)) {
            throw new IllegalArgumentException(name + ": expected a compact JWS");
        }
    }

    static <T> List<T> listOf(List<T> list, String name, int min, int max) {
        if (list == null) {
            throw new IllegalArgumentException(name + ": missing");
        }
        if (list.size() < min || list.size() > max) {
            throw new IllegalArgumentException(name + ": must have between " + min + " and " + max + " entries");
        }
        for (T t : list) {
            if (t == null) {
                throw new IllegalArgumentException(name + ": null entry");
            }
        }
        return List.copyOf(list);
    }

    static void uniqueIndices(List<LicenseResult> results) {
        Set<Integer> seen = new HashSet<>();
        for (LicenseResult r : results) {
            if (!seen.add(r.index())) {
                throw new IllegalArgumentException("results: index " + r.index() + " appears twice");
            }
        }
    }
}

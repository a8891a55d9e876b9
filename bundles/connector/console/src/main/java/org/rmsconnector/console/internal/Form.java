package org.rmsconnector.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

/**
 * The fields of a POSTed form, URL-encoded or multipart. The Web Console's servlet is registered with multipart
 * enabled (Felix Web Console 5 sets {@code osgi.http.whiteboard.servlet.multipart.enabled}), so
 * {@link HttpServletRequest#getPart} works in a plugin; whether the container also offers multipart fields as
 * parameters varies, so they are read from the parts.
 */
final class Form {
    private static final int MAX_FIELD = 8 * 1024;

    private final HttpServletRequest req;
    private final Map<String, String> multipartFields;

    private Form(HttpServletRequest req, Map<String, String> multipartFields) {
        this.req = req;
        this.multipartFields = multipartFields;
    }

    /**
     * @throws IllegalArgumentException when the multipart body cannot be read (too large, malformed), with the
     *                                  reason for the administrator
     */
    static Form of(HttpServletRequest req) throws IOException {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return new Form(req, null);
        }
        Map<String, String> fields = new HashMap<>();
        try {
            for (Part part : req.getParts()) {
                if (part.getSubmittedFileName() == null) {
                    fields.put(part.getName(), read(part));
                }
            }
        } catch (ServletException | IllegalStateException e) {
            throw new IllegalArgumentException("The upload could not be read: " + e.getMessage(), e);
        }
        return new Form(req, fields);
    }

    /** The field's value, trimmed, or {@code null} when absent or blank. */
    String value(String name) {
        String v = multipartFields == null ? req.getParameter(name) : multipartFields.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.trim();
    }

    /** The uploaded file of that field, or {@code null}. */
    Part file(String name) throws IOException {
        if (multipartFields == null) {
            return null;
        }
        try {
            Part part = req.getPart(name);
            return part == null || part.getSubmittedFileName() == null ? null : part;
        } catch (ServletException e) {
            throw new IllegalArgumentException("The upload could not be read: " + e.getMessage(), e);
        }
    }

    private static String read(Part part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_FIELD + 1);
            if (bytes.length > MAX_FIELD) {
                throw new IllegalArgumentException("The form field '" + part.getName() + "' is longer than "
                        + MAX_FIELD + " bytes.");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}

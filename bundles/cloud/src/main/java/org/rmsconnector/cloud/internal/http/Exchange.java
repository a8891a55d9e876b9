package org.rmsconnector.cloud.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rmsconnector.cloud.internal.service.CloudException;
import org.rmsconnector.protocol.ErrorResponse;

/** What both servlets do the same way: request ids, bounded bodies, the one error shape. */
final class Exchange {
    static final int MAX_BODY = 1024 * 1024;
    static final String JSON = "application/json; charset=utf-8";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Exchange() {
    }

    static String requestId(HttpServletRequest req) {
        String given = req.getHeader("X-Request-Id");
        return given != null && SAFE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /** The body as UTF-8 text, refused with 413 past {@link #MAX_BODY} without reading further. */
    static String body(HttpServletRequest req) throws IOException, CloudException {
        if (req.getContentLengthLong() > MAX_BODY) {
            throw new CloudException(413, "body_too_large", "the request body exceeds " + MAX_BODY + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = req.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                if (out.size() + n > MAX_BODY) {
                    throw new CloudException(413, "body_too_large", "the request body exceeds " + MAX_BODY + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static void send(HttpServletResponse resp, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType(contentType);
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse resp, CloudException e, String requestId) throws IOException {
        if (e.status() == 401) {
            resp.setHeader("WWW-Authenticate", "Basic realm=\"RMS cloud service\", RMS-Actor");
        }
        send(resp, e.status(), JSON, new ErrorResponse(e.code(), e.getMessage(), requestId).toJson());
    }

    /** The base URL the caller used, for server information. */
    static String base(HttpServletRequest req, String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        return req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort();
    }
}

package org.rmsconnector.cloud.service.internal.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.store.StoreException;
import org.rmsconnector.commons.RequestIds;
import org.rmsconnector.protocol.ErrorResponse;
import org.rmsconnector.protocol.JsonMediaType;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.StrictJson;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** What both servlets do the same way: request ids, bounded bodies, the one error shape. */
final class Exchange {
    static final int MAX_BODY = 1024 * 1024;
    static final String JSON = "application/json; charset=utf-8";

    private Exchange() {
    }

    static String requestId(HttpServletRequest req) {
        return RequestIds.keepOrNew(req.getHeader(RequestIds.HEADER));
    }

    /**
     * The body of a request that takes JSON, as text (docs/protocol.md §2). Refused with 413 past {@link #MAX_BODY}
     * without reading further; with 415 unless a body is declared {@code application/json} (UTF-8); as
     * {@code malformed} when a byte is not UTF-8, naming the field that holds it ({@code what} starts the path). An
     * empty body is {@code ""} whatever its type: there is nothing to misread.
     */
    static String jsonBody(HttpServletRequest req, String what) throws IOException, CloudException, ProtocolException {
        return jsonBody(req, bytes(req), what);
    }

    /** The JSON text of a body already read with {@link #bytes}. */
    static String jsonBody(HttpServletRequest req, byte[] body, String what) throws CloudException, ProtocolException {
        if (body.length == 0) {
            return "";
        }
        // read before refused: a body left unread makes Jetty close the connection, which a pooling client then
        // finds broken
        Optional<String> mediaType = JsonMediaType.problem(req.getContentType());
        if (mediaType.isPresent()) {
            throw new CloudException(415, "unsupported_media_type", mediaType.get());
        }
        return StrictJson.text(body, what);
    }

    /** The request body, at most {@link #MAX_BODY} bytes (413 beyond). */
    static byte[] bytes(HttpServletRequest req) throws IOException, CloudException {
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
        return out.toByteArray();
    }

    /** The request target as the client sent it: raw path and, when present, raw query. */
    static String target(HttpServletRequest req) {
        String query = req.getQueryString();
        return req.getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
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
        if (e.retryAfterSeconds() > 0) {
            resp.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
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

    /** One request's work; {@code requestId} is already on the answer and in the log context. */
    interface Work {
        void run(String requestId) throws IOException, CloudException, ProtocolException;
    }

    /**
     * Runs one request the way every endpoint of the service answers: a request id on the answer and in every log
     * line; refusals in the service's error shape; a database that is unavailable as 503 with {@code Retry-After};
     * anything unexpected as 500 without details; a caller that went away (a long-poll whose connector stopped,
     * say) only logged at debug.
     */
    static void serve(HttpServletRequest req, HttpServletResponse resp, Logger log, Work work) {
        String requestId = requestId(req);
        resp.setHeader("X-Request-Id", requestId);
        MDC.put("requestId", requestId);
        try {
            try {
                work.run(requestId);
            } catch (CloudException e) {
                error(resp, e, requestId);
            } catch (ProtocolException e) {
                error(resp, new CloudException(400, e.reason().name().toLowerCase(java.util.Locale.ROOT),
                        e.getMessage()), requestId);
            } catch (StoreException e) {
                // the database is unavailable (stopping, unreachable): the caller may retry; no stack trace for this
                log.warn("[{}] {} {}: {}", requestId, req.getMethod(), req.getRequestURI(), e.getMessage());
                resp.setHeader("Retry-After", "5");
                error(resp, new CloudException(503, "store_unavailable", "the service's database is not"
                        + " available; try again shortly"), requestId);
            } catch (RuntimeException e) {
                log.error("[{}] {} {} failed", requestId, req.getMethod(), req.getRequestURI(), e);
                error(resp, new CloudException(500, "internal_error", "unexpected failure; see the service log"),
                        requestId);
            }
        } catch (IOException e) {
            log.debug("{} {}: the caller went away: {}", req.getMethod(), req.getRequestURI(), e.toString());
        } finally {
            MDC.remove("requestId");
        }
    }
}

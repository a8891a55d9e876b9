package org.rmsconnector.commons.http;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.rmsconnector.commons.RequestIds;

/**
 * A whiteboard preprocessor that answers a request whose header fields exceed {@value #MAX_HEADER_BYTES} bytes before
 * any servlet runs; the subclass writes the answer (431) in its listener's error shape.
 *
 * <p>Jetty has a limit of its own, {@code org.apache.felix.http.jetty.headerBufferSize}, set higher (64 KiB) on
 * purpose. Past it Jetty answers 431 too, but closes the connection while the client may still be sending the header;
 * the unread bytes make the close a TCP reset, and the client often sees only "connection reset" (measured: 1 in 15
 * requests with a 70 KB header on the default 16 KiB limit, 4 in 15 with 200 KB). Below Jetty's limit the whole
 * header has been read when this answer goes out, so it arrives, and the connection stays usable.
 */
public abstract class HeaderSizeLimit implements Preprocessor {
    /** Far above what a caller sends (certificates travel in TLS, an actor assertion is ~2 KB); Jetty's former limit. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;

    @Override
    public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        long size = headerBytes(req);
        if (size <= MAX_HEADER_BYTES) {
            chain.doFilter(request, response);
            return;
        }
        String requestId = RequestIds.keepOrNew(req.getHeader(RequestIds.HEADER));
        HttpServletResponse resp = (HttpServletResponse) response;
        resp.setHeader(RequestIds.HEADER, requestId);
        refuse(resp, size, requestId);
    }

    /** Writes the 431 answer; the request-id header is already set. */
    protected abstract void refuse(HttpServletResponse response, long headerBytes, String requestId)
            throws IOException;

    /** The header fields as they were sent: {@code name: value CRLF} for each value. */
    public static long headerBytes(HttpServletRequest req) {
        long size = 0;
        Enumeration<String> names = req.getHeaderNames();
        for (String name : names == null ? Collections.<String>emptyList() : Collections.list(names)) {
            for (String value : Collections.list(req.getHeaders(name))) {
                size += name.length() + 2 + value.length() + 2;
            }
        }
        return size;
    }
}

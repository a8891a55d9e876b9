package org.rmsconnector.relay.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;

/**
 * 431 in the relay's error shape for a request whose header fields exceed {@value #MAX_HEADER_BYTES} bytes, on every
 * path of the connector's listener, before any servlet runs.
 *
 * <p>Jetty has a limit of its own, {@code org.apache.felix.http.jetty.headerBufferSize} in
 * {@code etc/org.apache.felix.http.cfg}, set higher (128 KiB) on purpose. Past it Jetty answers 431 too, but closes
 * the connection while the client may still be sending the header; the unread bytes make the close a TCP reset, and
 * the client often sees only "connection reset" (measured: 1 in 15 requests with a 70 KB header on the default
 * 16 KiB limit, 4 in 15 with 200 KB). Below Jetty's limit the whole header has been read when this answer goes out,
 * so it arrives, and the connection stays usable.
 */
@Component(service = Preprocessor.class)
@HttpWhiteboardTarget(RelayServlet.CONNECTOR_HTTP)
public class HeaderSizeLimit implements Preprocessor {
    /** Far above what a caller sends (a client certificate travels in TLS, not in a header); Jetty's former limit. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        long size = headerBytes(req);
        if (size <= MAX_HEADER_BYTES) {
            chain.doFilter(request, response);
            return;
        }
        String requestId = RelayServlet.requestId(req);
        HttpServletResponse resp = (HttpServletResponse) response;
        resp.setHeader("X-Request-Id", requestId);
        RelayServlet.write(resp, tooLarge(size, requestId));
    }

    static Answer tooLarge(long size, String requestId) {
        return Answer.error(431, "header_too_large", "the request's header fields take " + size
                + " bytes; this connector accepts at most " + MAX_HEADER_BYTES + " (docs/protocol.md §2)", requestId);
    }

    /** The header fields as they were sent: {@code name: value CRLF} for each value. */
    static long headerBytes(HttpServletRequest req) {
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

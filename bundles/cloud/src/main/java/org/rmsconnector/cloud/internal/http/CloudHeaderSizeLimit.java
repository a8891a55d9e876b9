package org.rmsconnector.cloud.internal.http;

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
import org.rmsconnector.cloud.internal.service.CloudException;

/**
 * 431 in the service's error shape for a request whose header fields exceed {@value #MAX_HEADER_BYTES} bytes, on every
 * path of the service's listener, before any servlet runs.
 *
 * <p>Jetty's own limit ({@code org.apache.felix.http.jetty.headerBufferSize}, 128 KiB in the listener's
 * configuration) sits above this one on purpose: past it Jetty answers 431 but closes the connection while the client
 * may still be sending, and the unread bytes turn the close into a TCP reset that often swallows the answer. Below
 * it the whole header has been read when this answer goes out, so the answer arrives and the connection stays usable.
 */
@Component(service = Preprocessor.class)
@HttpWhiteboardTarget("(org.apache.felix.http.name=rms-cloud)")
public class CloudHeaderSizeLimit implements Preprocessor {
    /** Far above what a caller sends (an RMS-Actor assertion is about 2 KB); Jetty's former limit. */
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
        String requestId = Exchange.requestId(req);
        HttpServletResponse resp = (HttpServletResponse) response;
        resp.setHeader("X-Request-Id", requestId);
        Exchange.error(resp, new CloudException(431, "header_too_large", "the request's header fields take " + size
                + " bytes; this service accepts at most " + MAX_HEADER_BYTES), requestId);
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

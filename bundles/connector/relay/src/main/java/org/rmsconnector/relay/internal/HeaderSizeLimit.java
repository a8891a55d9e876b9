package org.rmsconnector.relay.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;

/**
 * 431 in the relay's error shape for a request whose header fields exceed {@value #MAX_HEADER_BYTES} bytes, on every
 * path of the connector's listener, before any servlet runs. The limit and why it sits below Jetty's own:
 * {@link org.rmsconnector.commons.http.HeaderSizeLimit}.
 */
@Component(service = Preprocessor.class)
@HttpWhiteboardTarget(RelayServlet.CONNECTOR_HTTP)
public class HeaderSizeLimit extends org.rmsconnector.commons.http.HeaderSizeLimit {

    @Override
    protected void refuse(HttpServletResponse response, long headerBytes, String requestId) throws IOException {
        RelayServlet.write(response, tooLarge(headerBytes, requestId));
    }

    static Answer tooLarge(long size, String requestId) {
        return Answer.error(431, "header_too_large", "the request's header fields take " + size
                + " bytes; this connector accepts at most " + MAX_HEADER_BYTES + " (docs/protocol.md §2)", requestId);
    }
}

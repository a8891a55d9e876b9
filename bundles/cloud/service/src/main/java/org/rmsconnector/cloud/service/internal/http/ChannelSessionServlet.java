package org.rmsconnector.cloud.service.internal.http;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.rmsconnector.channel.ChannelSession;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /_wmcs/admin/connectors/session {"assertion": "<signed session assertion>"}}: a connector opens a
 * channel session (docs/protocol.md §3.x.1, docs/cloud-api.md). The assertion authenticates the call, exactly as a
 * signed actor assertion does; the answer is {@code 200 {"sessionId", "expiresAt"}}. An exact path, so it is served
 * here rather than by the administration servlet's {@code /_wmcs/admin/*}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(ChannelSessionServlet.PATH)
@HttpWhiteboardServletName("rms-cloud-session")
@HttpWhiteboardTarget("(org.apache.felix.http.name=rms-cloud)")
public class ChannelSessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/_wmcs/admin/connectors/session";
    private static final Logger LOG = LoggerFactory.getLogger(ChannelSessionServlet.class);

    private final transient CloudBackend backend;

    @Activate
    public ChannelSessionServlet(@Reference CloudBackend backend) {
        this.backend = backend;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        Exchange.serve(req, resp, LOG, requestId -> open(req, resp));
    }

    private void open(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, CloudException, ProtocolException {
        if (!"POST".equals(req.getMethod())) {
            Exchange.bytes(req);
            throw new CloudException(405, "method_not_allowed", "use POST");
        }
        String json = Exchange.jsonBody(req, "session request");
        String assertion;
        try {
            assertion = ChannelSession.assertionOf(json.isEmpty() ? "{}" : json);
        } catch (ProtocolException e) {
            throw CloudException.badRequest(e.getMessage());
        }
        ChannelSession.Grant grant = backend.authenticator().openSession(assertion);
        Exchange.send(resp, 200, Exchange.JSON, grant.toJson());
    }
}

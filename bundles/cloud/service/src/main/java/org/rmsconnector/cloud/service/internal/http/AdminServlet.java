package org.rmsconnector.cloud.service.internal.http;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

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
import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.protocol.ProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /_wmcs/admin/*}: templates, super users, directory, authorized servers (with the long-polled change
 * feed connectors follow), connector registration and the usage log. Authenticated; each call checks the role.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/_wmcs/admin/*")
@HttpWhiteboardServletName("rms-cloud-admin")
@HttpWhiteboardTarget("(org.apache.felix.http.name=rms-cloud)")
public class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);
    /** A long-poll answers within this, so proxies and load balancers never cut it. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final transient CloudBackend backend;

    @Activate
    public AdminServlet(@Reference CloudBackend backend) {
        this.backend = backend;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        Exchange.serve(req, resp, LOG, requestId -> {
            CloudCaller caller = backend.authenticator().authenticate(req.getHeader("Authorization"), req.getRemoteAddr(), requestId);
            String path = req.getPathInfo() == null ? "" : req.getPathInfo().replaceFirst("^/", "");
            Map<String, String> query = new HashMap<>();
            req.getParameterMap().forEach((k, v) -> query.put(k, v.length > 0 ? v[0] : ""));
            String body = "GET".equals(req.getMethod()) || "DELETE".equals(req.getMethod()) ? "" : body(req);
            AdminAnswer answer = backend.admin().handle(caller, req.getMethod(), path, query, body, MAX_WAIT);
            Exchange.send(resp, answer.status(), answer.contentType(), answer.body());
        });
    }

    /** The JSON body; a byte that is not UTF-8 is the administration API's 400 bad_request, as any other bad body. */
    private static String body(HttpServletRequest req) throws IOException, CloudException {
        try {
            return Exchange.jsonBody(req, "body");
        } catch (ProtocolException e) {
            throw CloudException.badRequest(e.getMessage());
        }
    }
}

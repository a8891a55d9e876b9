package org.rmsconnector.cloud.internal.http;

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
import org.rmsconnector.cloud.internal.osgi.CloudBackend;
import org.rmsconnector.cloud.internal.service.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.internal.service.CloudCaller;
import org.rmsconnector.cloud.internal.service.CloudException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            serve(req, resp);
        } catch (IOException e) {
            // the caller went away before the answer (a long-poll whose connector stopped, say): nothing to tell
            LOG.debug("{} {}: the caller went away: {}", req.getMethod(), req.getRequestURI(), e.toString());
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String requestId = Exchange.requestId(req);
        resp.setHeader("X-Request-Id", requestId);
        MDC.put("requestId", requestId);
        try {
            CloudCaller caller = backend.authenticator().authenticate(req.getHeader("Authorization"), requestId);
            String path = req.getPathInfo() == null ? "" : req.getPathInfo().replaceFirst("^/", "");
            Map<String, String> query = new HashMap<>();
            req.getParameterMap().forEach((k, v) -> query.put(k, v.length > 0 ? v[0] : ""));
            String body = "GET".equals(req.getMethod()) || "DELETE".equals(req.getMethod()) ? "" : Exchange.body(req);
            AdminAnswer answer = backend.admin().handle(caller, req.getMethod(), path, query, body, MAX_WAIT);
            Exchange.send(resp, answer.status(), answer.contentType(), answer.body());
        } catch (CloudException e) {
            Exchange.error(resp, e, requestId);
        } catch (org.rmsconnector.cloud.internal.store.StoreException e) {
            // the database is unavailable (stopping, unreachable): the caller may retry; no stack trace for this
            LOG.warn("[{}] {} {}: {}", requestId, req.getMethod(), req.getRequestURI(), e.getMessage());
            resp.setHeader("Retry-After", "5");
            Exchange.error(resp, new CloudException(503, "store_unavailable", "the service's database is not"
                    + " available; try again shortly"), requestId);
        } catch (RuntimeException e) {
            LOG.error("[{}] {} {} failed", requestId, req.getMethod(), req.getRequestURI(), e);
            Exchange.error(resp, new CloudException(500, "internal_error", "unexpected failure; see the service log"),
                    requestId);
        } finally {
            MDC.remove("requestId");
        }
    }
}

package org.rmsconnector.relay.internal;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health} for load-balancer probes: 200 while the node can serve end to end, 503 while it cannot or
 * drains, with each part's result as JSON ({@link Readiness}).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
@HttpWhiteboardServletName("rms-health")
@HttpWhiteboardTarget(RelayServlet.CONNECTOR_HTTP)
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    private final transient Readiness readiness;

    @Activate
    public HealthServlet(@Reference Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        try {
            RelayServlet.write(resp, readiness.health());
        } catch (IOException e) {
            // a probe that gave up (its time-out is shorter than the checks under load): its business, not an error
            LOG.debug("the /health probe from {} went away before the answer: {}", req.getRemoteAddr(), e.toString());
        }
    }
}

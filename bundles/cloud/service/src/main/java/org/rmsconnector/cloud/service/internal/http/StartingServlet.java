package org.rmsconnector.cloud.service.internal.http;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.protocol.ErrorResponse;

/**
 * What the cloud's listener answers where no endpoint serves (the default servlet, {@code /}): while the tenant
 * service is starting (its endpoints are registered only once its key and store are open), every request gets
 * {@code 503 starting} with {@code Retry-After}, never the container's 404 page with an internal URL; afterwards,
 * a path under the service's own prefixes still gets 503 for the moment its servlet takes to register, and any
 * other path a JSON {@code 404 unknown_endpoint}. The connector's transport reads both as "not serving yet".
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardServletName("rms-cloud-starting")
@HttpWhiteboardTarget("(org.apache.felix.http.name=rms-cloud)")
public class StartingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** What a client should wait before asking again. */
    static final String RETRY_AFTER_SECONDS = "2";
    private static final String[] SERVED = {"/_wmcs/certification/", "/_wmcs/licensing/", "/_wmcs/admin/"};

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile CloudBackend backend;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getRequestURI() == null ? "" : req.getRequestURI().toLowerCase(java.util.Locale.ROOT);
        String requestId = Exchange.requestId(req);
        if (backend == null || served(path)) {
            resp.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            Exchange.send(resp, 503, Exchange.JSON, new ErrorResponse("starting", "the cloud service is starting;"
                    + " try again in " + RETRY_AFTER_SECONDS + " s", requestId).toJson());
            return;
        }
        Exchange.send(resp, 404, Exchange.JSON, new ErrorResponse("unknown_endpoint", "no endpoint at this path",
                requestId).toJson());
    }

    private static boolean served(String path) {
        for (String prefix : SERVED) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}

package org.rmsconnector.cloud.service.internal.http;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;

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
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.cloud.api.CloudBackend;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.CloudOperations;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.AcquirePreLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rights-management endpoints of the cloud service, at the paths the reference uses. Only on the HTTP instance
 * named {@code rms-cloud}, so the connector's relay (same paths, other listener) never collides with it.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/_wmcs/certification/*", "/_wmcs/licensing/*"})
@HttpWhiteboardServletName("rms-cloud")
@HttpWhiteboardTarget("(org.apache.felix.http.name=rms-cloud)")
public class CloudServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CloudServlet.class);

    private final transient CloudBackend backend;

    @Activate
    public CloudServlet(@Reference CloudBackend backend) {
        this.backend = backend;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        Exchange.serve(req, resp, LOG, requestId -> route(req, resp, requestId));
    }

    private void route(HttpServletRequest req, HttpServletResponse resp, String requestId)
            throws IOException, CloudException, ProtocolException {
        String path = (req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()))
                .toLowerCase(java.util.Locale.ROOT);
        String method = req.getMethod();
        CloudOperations ops = backend.operations();
        if (path.equals("/_wmcs/licensing/server.asmx")) {
            require(method, "GET");
            URI base = URI.create(Exchange.base(req, backend.publicUrl()));
            Exchange.send(resp, 200, Exchange.JSON, ops.serverInfo(base).toJson());
            return;
        }
        // read first: an actor assertion in the session form is bound to the body (docs/protocol.md §3.x.2)
        byte[] body = "POST".equals(method) ? Exchange.bytes(req) : new byte[0];
        CloudCaller caller;
        switch (path) {
            case "/_wmcs/licensing/templatedistribution.asmx" -> {
                require(method, "GET");
                caller = authenticate(req, requestId, body);
                String id = req.getParameter("id");
                if (id == null) {
                    Exchange.send(resp, 200, Exchange.JSON, ops.templates(caller).toJson());
                } else {
                    Exchange.send(resp, 200, Exchange.JSON, ops.template(caller, parseId(id)));
                }
            }
            case "/_wmcs/certification/certification.asmx" -> {
                require(method, "POST");
                caller = authenticate(req, requestId, body);
                CertifyRequest request = CertifyRequest.fromJson(
                        Exchange.jsonBody(req, body, "CertifyRequest"));
                Exchange.send(resp, 200, Exchange.JSON, ops.certify(caller, request).toJson());
            }
            case "/_wmcs/licensing/publish.asmx" -> {
                require(method, "POST");
                caller = authenticate(req, requestId, body);
                PublishRequest request = PublishRequest.fromJson(
                        Exchange.jsonBody(req, body, "PublishRequest"));
                Exchange.send(resp, 200, Exchange.JSON, ops.publish(caller, request).toJson());
            }
            case "/_wmcs/licensing/license.asmx" -> {
                require(method, "POST");
                caller = authenticate(req, requestId, body);
                AcquireLicenseRequest request = AcquireLicenseRequest.fromJson(
                        Exchange.jsonBody(req, body, "AcquireLicenseRequest"));
                Exchange.send(resp, 200, Exchange.JSON, ops.acquireLicense(caller, request).toJson());
            }
            case "/_wmcs/licensing/prelicense.asmx" -> {
                require(method, "POST");
                caller = authenticate(req, requestId, body);
                AcquirePreLicenseRequest request = AcquirePreLicenseRequest.fromJson(
                        Exchange.jsonBody(req, body, "AcquirePreLicenseRequest"));
                Exchange.send(resp, 200, Exchange.JSON, ops.acquirePreLicense(caller, request).toJson());
            }
            default -> throw new CloudException(404, "unknown_endpoint", "no endpoint at " + path);
        }
    }

    private CloudCaller authenticate(HttpServletRequest req, String requestId, byte[] body) throws CloudException {
        return backend.authenticator().authenticate(req.getHeader("Authorization"), req.getRemoteAddr(), requestId,
                ActorAssertion.Binding.of(req.getMethod(), Exchange.target(req), body));
    }

    private static void require(String method, String expected) throws CloudException {
        if (!expected.equals(method)) {
            throw new CloudException(405, "method_not_allowed", "use " + expected);
        }
    }

    private static UUID parseId(String id) throws CloudException {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw CloudException.badRequest("template id must be a UUID: " + id);
        }
    }
}

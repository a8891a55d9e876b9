package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.rmsconnector.api.admin.AdministratorLogin;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.DirectorySearch;
import org.rmsconnector.api.admin.EventLog;
import org.rmsconnector.api.admin.RelayStatistics;
import org.rmsconnector.api.admin.ServerConfigurationGenerator;
import org.rmsconnector.api.admin.WorkloadControl;
import org.rmsconnector.api.node.NodeDrain;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.commons.NodeName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API under {@code /admin/api/*} (docs/admin-api.md): HTTPS only (but for the server configuration),
 * HTTP Basic with the Web Console's credentials, {@code X-Requested-By} on every change. It keeps no state: each
 * resource calls the service that owns what it shows, and an absent service is a 503 naming it.
 */
@Component(service = Servlet.class, configurationPid = AdminConfiguration.PID)
@HttpWhiteboardServletPattern("/admin/api/*")
@HttpWhiteboardServletName("rms-admin-api")
@HttpWhiteboardTarget(AdminServlet.CONNECTOR_HTTP)
public class AdminServlet extends HttpServlet {
    /** The connector's own listener (etc/org.apache.felix.http.cfg), never the embedded cloud service's. */
    static final String CONNECTOR_HTTP = "(org.apache.felix.http.name=rms-connector)";
    static final String CSRF_HEADER = "X-Requested-By";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "DELETE");
    private static final Pattern SWITCH = Pattern.compile("/workloads/([^/]+)/(enable|disable)");
    private static final Pattern ADAPTER = Pattern.compile("/workloads/adapters/([^/]+)");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile CloudConnection cloud;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile PolicySource policies;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile EventLog events;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile RelayStatistics statistics;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile DirectorySearch directory;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile WorkloadControl workloads;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ServerConfigurationGenerator generator;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile HealthCheckExecutor healthChecks;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile NodeDrain drain;

    private final transient AdministratorLogin administrator;
    private final String node;
    private final String version;
    private final transient Clock clock;
    private transient volatile URI loadBalanced;

    @Activate
    public AdminServlet(@Reference AdministratorLogin administrator, BundleContext context,
            AdminConfiguration config) {
        this(administrator, NodeName.resolve(config.node_name(), context.getProperty(NodeName.PROPERTY)),
                context.getBundle().getVersion().toString(), Clock.systemUTC(), config);
    }

    AdminServlet(AdministratorLogin administrator, String node, String version, Clock clock,
            AdminConfiguration config) {
        this.administrator = administrator;
        this.node = node;
        this.version = version;
        this.clock = clock;
        modified(config);
    }

    @Modified
    void modified(AdminConfiguration config) {
        this.loadBalanced = ServerConfigurationService.loadBalanced(config);
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        Answer answer;
        try {
            answer = answer(method, path, req);
        } catch (ApiException e) {
            answer = Answer.error(e);
        } catch (RuntimeException e) {
            LOG.error("admin API {} {} failed", method, path, e);
            answer = Answer.error(new ApiException(500, "internal", "the connector failed to answer (" + e
                    + "); see the connector's log"));
        }
        if (answer.status() >= 400 && CHANGES.contains(method)) {
            // a refused change may leave its body unread: Jetty then closes the connection after the answer, so say
            // so, or a client that pools connections sends its next request into a closing socket
            resp.setHeader("Connection", "close");
        }
        write(resp, answer);
    }

    private Answer answer(String method, String path, HttpServletRequest req) throws ApiException, IOException {
        boolean open = "GET".equals(method) && "/server-configuration".equals(path);
        if (open) {
            return NodeResources.serverConfiguration(require(generator, "ServerConfigurationGenerator", "rms-admin"),
                    req, loadBalanced);
        }
        if (!req.isSecure()) {
            throw new ApiException(403, "refused", "the admin API answers on HTTPS only, so the password never"
                    + " crosses the network in clear; use https:// and the HTTPS port (8443 by default)");
        }
        AdministratorLogin.Outcome login = administrator.login(req.getHeader("Authorization"), req.getRemoteAddr());
        if (login.isThrottled()) {
            throw new ApiException(429, "throttled", login.reason(), login.retryAfterSeconds());
        }
        if (!login.isAccepted()) {
            throw new ApiException(401, "unauthenticated", login.reason() + ": give the Web Console's user and"
                    + " password (HTTP Basic; the password is in data/console-password)");
        }
        String user = login.user();
        if (CHANGES.contains(method)) {
            String by = req.getHeader(CSRF_HEADER);
            if (by == null || by.isBlank()) {
                throw new ApiException(403, "csrf", "a change needs the header " + CSRF_HEADER
                        + " (any value; rmsctl sends 'rmsctl')");
            }
        }
        return route(method, path, req, user);
    }

    private Answer route(String method, String path, HttpServletRequest req, String user)
            throws ApiException, IOException {
        switch (method + " " + path) {
            case "GET /status":
                return CloudResources.status(require(cloud, "CloudConnection", "rms-transport"),
                        require(workloads, "WorkloadControl", "rms-admin").workloads(), policies, statistics, node,
                        version, clock);
            case "GET /authorized-servers":
                return CloudResources.authorizedServers(require(policies, "PolicySource", "rms-transport"));
            case "POST /authorized-servers":
                return CloudResources.authorize(require(cloud, "CloudConnection", "rms-transport"), req, user);
            case "DELETE /authorized-servers":
                return CloudResources.revoke(require(cloud, "CloudConnection", "rms-transport"), req, user);
            case "GET /directory":
                return CloudResources.directory(require(directory, "DirectorySearch", "rms-authorization"), req);
            case "GET /connectors":
                return CloudResources.connectors(require(cloud, "CloudConnection", "rms-transport"));
            case "POST /connector/registration":
                return CloudResources.register(require(cloud, "CloudConnection", "rms-transport"), req, user);
            case "GET /workloads":
                return NodeResources.workloads(require(workloads, "WorkloadControl", "rms-admin"));
            case "GET /events":
                return NodeResources.events(require(events, "EventLog", "rms-relay"), req);
            case "GET /drain":
                return NodeResources.drain(require(drain, "NodeDrain", "rms-relay"));
            case "POST /drain":
                return NodeResources.drain(require(drain, "NodeDrain", "rms-relay"), true, user);
            case "DELETE /drain":
                return NodeResources.drain(require(drain, "NodeDrain", "rms-relay"), false, user);
            case "GET /doctor":
                return NodeResources.doctor(require(healthChecks, "HealthCheckExecutor",
                        "org.apache.felix.healthcheck.core"));
            default:
                break;
        }
        Matcher m = SWITCH.matcher(path);
        if ("POST".equals(method) && m.matches()) {
            return NodeResources.switchWorkload(require(workloads, "WorkloadControl", "rms-admin"), m.group(1),
                    "enable".equals(m.group(2)), user);
        }
        m = ADAPTER.matcher(path);
        if ("PUT".equals(method) && m.matches()) {
            return NodeResources.install(require(workloads, "WorkloadControl", "rms-admin"), m.group(1), req, user);
        }
        throw ApiException.notFound("no resource " + method + " /admin/api" + path + "; see docs/admin-api.md");
    }

    private static <T> T require(T service, String name, String bundle) throws ApiException {
        if (service == null) {
            throw ApiException.missing(name, bundle);
        }
        return service;
    }

    private static void write(HttpServletResponse resp, Answer answer) throws IOException {
        resp.setStatus(answer.status());
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, List<String>> h : answer.headers().entrySet()) {
            for (String value : h.getValue()) {
                resp.addHeader(h.getKey(), value);
            }
        }
        if (answer.body() == null) {
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        resp.setContentType(answer.contentType());
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}

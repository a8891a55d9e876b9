package org.rmsconnector.console.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.RelayStatistics;
import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadControl;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.commons.NodeName;

/**
 * "RMS Connector": the overview. Node and version, whether the cloud answers (with "Check now"), the credentials,
 * the authorized-servers list in force, the workloads and the last minutes of traffic.
 */
@Component(service = Servlet.class, configurationPid = NodeSettings.PID)
@WebConsolePlugin(label = "rms", title = "RMS Connector", css = "/rms/res/rms-console.css")
public class StatusPlugin extends ConsolePlugin {
    private static final long serialVersionUID = 1L;

    /** Credentials expiring sooner than this are flagged. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile CloudConnection cloud;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile RelayStatistics statistics;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile WorkloadControl control;

    private final String node;
    private final String version;
    private final transient Clock clock;

    @Activate
    public StatusPlugin(NodeSettings settings, BundleContext context) {
        this(Csrf.withRandomKey(), NodeName.resolve(settings.node_name(), context.getProperty(NodeName.PROPERTY)),
                context.getBundle().getVersion().toString(), Clock.systemUTC());
    }

    StatusPlugin(Csrf csrf, String node, String version, Clock clock) {
        super(csrf);
        this.node = node;
        this.version = version;
        this.clock = clock;
    }

    @Override
    void render(HttpServletRequest req, String token, StringBuilder html) {
        html.append("<h2>RMS Connector</h2>\n<table id=\"node\" class=\"nicetable\"><tr><th>Node</th>"
                + "<td id=\"node-name\">").append(Html.text(node)).append("</td></tr><tr><th>Version</th>"
                + "<td id=\"version\">").append(Html.text(version)).append("</td></tr></table>\n");
        CloudConnection connection = cloud;
        RelayStatistics stats = statistics;
        html.append("<h3>Cloud</h3>\n");
        if (connection == null) {
            html.append(Missing.cloud("the cloud connection, credentials and policy cannot be shown"));
        } else {
            CloudStatus status = connection.status();
            renderCloud(status, token, html);
            renderCredentials(status, html);
            renderPolicy(status, stats == null ? null : stats.policyAge(), html);
        }
        renderWorkloads(html);
        renderTraffic(stats, html);
    }

    private void renderCloud(CloudStatus s, String token, StringBuilder html) {
        html.append("<div id=\"cloud-status\" class=\"").append(s.reachable() ? "rms-ok" : "rms-error")
                .append("\" data-reachable=\"").append(s.reachable()).append("\">\n<p class=\"cloud-answer\">")
                .append(s.reachable() ? "The cloud answers." : "The cloud does not answer.");
        if (s.problem() != null) {
            html.append(" <span class=\"cloud-problem\">").append(Html.text(s.problem())).append("</span>");
        }
        html.append("</p>\n<table class=\"nicetable\">")
                .append(row("Environment", s.environment()))
                .append(row("Service URL", s.serviceUrl()))
                .append(row("TLS", s.tlsProtocol()))
                .append(row("Round trip", Html.duration(s.roundTrip())))
                .append(row("Clock skew", Html.duration(s.clockSkew())))
                .append(row("Proxy", s.proxy() == null ? "none" : s.proxy()))
                .append(row("Circuit breaker", s.breaker()))
                .append(row("Checked", Html.time(s.checkedAt())))
                .append("</table>\n<form method=\"post\" id=\"probe\"><input type=\"hidden\" name=\"action\" "
                        + "value=\"probe\">").append(tokenField(token))
                .append("<button type=\"submit\" id=\"probe-submit\">Check now</button></form>\n</div>\n");
    }

    private void renderCredentials(CloudStatus s, StringBuilder html) {
        html.append("<h3>Credentials</h3>\n<div id=\"credentials\">");
        if (!s.registered()) {
            html.append("<p class=\"rms-error\">This node holds no connector credentials: register it with "
                    + "<code>rmsctl connector register</code>.</p></div>\n");
            return;
        }
        html.append("<table class=\"nicetable\">").append(row("Connector", s.connectorName()))
                .append(row("Connector id", s.connectorId())).append(row("Issued", Html.time(s.registeredAt())))
                .append(row("Expire", Html.time(s.credentialsExpireAt()))).append("</table>\n");
        if (s.credentialsExpireAt() != null) {
            Duration left = Duration.between(clock.instant(), s.credentialsExpireAt());
            if (left.isNegative()) {
                html.append("<p id=\"credentials-expiry\" class=\"rms-error\">The credentials have expired; the "
                        + "cloud refuses this node until they are renewed.</p>");
            } else if (left.compareTo(EXPIRY_WARNING) < 0) {
                html.append("<p id=\"credentials-expiry\" class=\"rms-warning\">The credentials expire in ")
                        .append(Html.text(Html.duration(left))).append(".</p>");
            } else {
                html.append("<p id=\"credentials-expiry\">Valid for another ").append(Html.text(Html.duration(left)))
                        .append(".</p>");
            }
        }
        html.append("</div>\n");
    }

    private static void renderPolicy(CloudStatus s, Duration age, StringBuilder html) {
        html.append("<h3>Authorized-servers list</h3>\n<div id=\"policy\">");
        if (s.policyVersion() < 0) {
            html.append("<p class=\"rms-error\">No list is in force: no server may use the connector.</p></div>\n");
            return;
        }
        html.append("<table class=\"nicetable\">").append(row("Version", s.policyVersion()))
                .append(row("Confirmed", Html.time(s.policyConfirmedAt())))
                .append(row("Age", Html.duration(age)))
                .append(row("Source", s.policyFromCache() ? "the last-known-good copy on disk (the cloud could not "
                        + "be reached)" : "the cloud"))
                .append("</table></div>\n");
    }

    private void renderWorkloads(StringBuilder html) {
        html.append("<h3>Workloads</h3>\n");
        WorkloadControl c = control;
        if (c == null) {
            html.append(Missing.workloads("the workloads' state cannot be shown"));
            return;
        }
        html.append("<table id=\"workload-summary\" class=\"nicetable\"><thead><tr><th>Workload</th><th>Switch</th>"
                + "<th>Adapter</th><th>Bundle</th></tr></thead><tbody>");
        for (WorkloadState s : c.workloads()) {
            html.append("<tr data-workload=\"").append(Html.attr(s.workload().id())).append("\"><td>")
                    .append(Html.text(s.workload().id())).append("</td><td>")
                    .append(s.enabled() ? "enabled" : "disabled").append("</td><td>")
                    .append(s.available() ? "available" : "not available").append("</td><td>")
                    .append(s.bundle() == null ? "not installed"
                            : Html.text(s.bundle() + " " + (s.version() == null ? "" : s.version())))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>\n");
    }

    private static void renderTraffic(RelayStatistics stats, StringBuilder html) {
        html.append("<h3>Traffic</h3>\n");
        if (stats == null) {
            html.append(Missing.statistics("no traffic can be shown"));
            return;
        }
        Map<Workload, WorkloadTraffic> traffic = stats.traffic();
        html.append("<table id=\"traffic\" class=\"nicetable\"><thead><tr><th>Workload</th><th>Requests</th>"
                + "<th>Succeeded</th><th>Refused</th><th>Unavailable</th><th>Failed</th><th>Mean</th></tr></thead>"
                + "<tbody>");
        for (Workload w : Workload.values()) {
            WorkloadTraffic t = traffic.get(w);
            if (t != null) {
                html.append("<tr data-workload=\"").append(Html.attr(w.id())).append("\"><td>")
                        .append(Html.text(w.id())).append("</td><td>").append(t.total()).append("</td><td>")
                        .append(t.succeeded()).append("</td><td>").append(t.refused()).append("</td><td>")
                        .append(t.unavailable()).append("</td><td>").append(t.failed()).append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.1f ms", t.meanMillis())).append("</td></tr>");
            }
        }
        if (traffic.isEmpty()) {
            html.append("<tr><td colspan=\"7\">No requests since this node started.</td></tr>");
        }
        html.append("</tbody></table>\n");
        List<TrafficSample> history = stats.history();
        html.append("<div id=\"traffic-history\" class=\"rms-charts\">")
                .append(Charts.line("chart-requests", "Requests per 10 s",
                        history.stream().map(h -> (double) h.requests()).toList(), ""))
                .append(Charts.line("chart-errors", "Errors (5xx) per 10 s",
                        history.stream().map(h -> (double) h.errors()).toList(), ""))
                .append(Charts.line("chart-latency", "Mean response time",
                        history.stream().map(TrafficSample::meanMillis).toList(), "ms"))
                .append("</div>\n");
    }

    private static String row(String name, Object value) {
        return "<tr><th>" + Html.text(name) + "</th><td>" + Html.text(value == null ? "-" : value) + "</td></tr>";
    }

    @Override
    Outcome change(HttpServletRequest req, Form form, HttpServletResponse resp) throws IOException {
        if (!"probe".equals(form.value("action"))) {
            return Outcome.error("Unknown action '" + form.value("action") + "'.");
        }
        CloudConnection connection = cloud;
        if (connection == null) {
            return Outcome.error("The CloudConnection service (transport bundle) is not running; the cloud cannot "
                    + "be checked.");
        }
        CloudStatus s = connection.probe();
        if (s.reachable()) {
            return Outcome.ok("The cloud answers: round trip " + Html.duration(s.roundTrip())
                    + (s.tlsProtocol() == null ? "" : ", " + s.tlsProtocol())
                    + (s.clockSkew() == null ? "" : ", clock skew " + Html.duration(s.clockSkew())) + ".");
        }
        return Outcome.error("The cloud does not answer" + (s.problem() == null ? "." : ": " + s.problem()));
    }
}

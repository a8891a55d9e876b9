package org.rmsconnector.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.WorkloadControl;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.workload.Workload;

/** "Workloads": each workload's adapter and switch, enabling and disabling, and installing a new adapter jar. */
@Component(service = Servlet.class)
@WebConsolePlugin(label = "rms-workloads", title = "Workloads", css = "/rms-workloads/res/rms-console.css")
public class WorkloadsPlugin extends ConsolePlugin {
    private static final long serialVersionUID = 1L;

    /** The multipart field of the upload form. */
    static final String JAR_FIELD = "jar";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile WorkloadControl control;

    @Activate
    public WorkloadsPlugin() {
        this(Csrf.withRandomKey());
    }

    WorkloadsPlugin(Csrf csrf) {
        super(csrf);
    }

    @Override
    void render(HttpServletRequest req, String token, StringBuilder html) {
        html.append("<h2>Workloads</h2>\n");
        WorkloadControl c = control;
        if (c == null) {
            html.append(Missing.workloads("the workloads cannot be shown or switched"));
            return;
        }
        renderTable(c.workloads(), token, html);
        html.append("<h3>Install or replace an adapter</h3>\n<p class=\"rms-note\">The jar is checked (it must be "
                + "a workload adapter bundle), written next to deploy/ and moved in at once, replacing the earlier "
                + "jar of the same bundle; FileInstall starts it within seconds.</p>\n")
                .append("<form method=\"post\" id=\"install-adapter\" enctype=\"multipart/form-data\">")
                .append("<input type=\"hidden\" name=\"action\" value=\"install\">").append(tokenField(token))
                .append("<label for=\"jar\">Adapter jar</label> <input type=\"file\" id=\"jar\" name=\"")
                .append(JAR_FIELD).append("\" accept=\".jar\" required> ")
                .append("<button type=\"submit\" id=\"install-adapter-submit\">Install</button></form>\n");
    }

    private static void renderTable(List<WorkloadState> states, String token, StringBuilder html) {
        html.append("<table id=\"workloads\" class=\"nicetable\">\n<thead><tr><th>Workload</th><th>Bundle</th>"
                + "<th>Version</th><th>State</th><th>Switch</th><th>Adapter</th><th>Succeeded</th><th>Refused</th>"
                + "<th>Unavailable</th><th>Failed</th><th>Mean</th><th></th></tr></thead>\n<tbody>\n");
        for (WorkloadState s : states) {
            String id = s.workload().id();
            WorkloadTraffic t = s.traffic() == null ? new WorkloadTraffic(0, 0, 0, 0, 0) : s.traffic();
            String action = s.enabled() ? "disable" : "enable";
            html.append("<tr id=\"workload-").append(Html.attr(id)).append("\" data-workload=\"").append(Html.attr(id))
                    .append("\"><td class=\"workload-id\">").append(Html.text(id))
                    .append("</td><td class=\"workload-bundle\">")
                    .append(s.bundle() == null ? "<em>not installed</em>" : Html.text(s.bundle()))
                    .append("</td><td class=\"workload-version\">").append(Html.text(orDash(s.version())))
                    .append("</td><td class=\"workload-state\">").append(Html.text(orDash(s.bundleState())))
                    .append("</td><td class=\"workload-enabled\">").append(s.enabled() ? "enabled" : "disabled")
                    .append("</td><td class=\"workload-available\">")
                    .append(s.available() ? "available" : "not available")
                    .append("</td><td>").append(t.succeeded()).append("</td><td>").append(t.refused())
                    .append("</td><td>").append(t.unavailable()).append("</td><td>").append(t.failed())
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.1f ms", t.meanMillis()))
                    .append("</td><td><form method=\"post\" class=\"workload-switch\">")
                    .append("<input type=\"hidden\" name=\"action\" value=\"").append(action).append("\">")
                    .append("<input type=\"hidden\" name=\"workload\" value=\"").append(Html.attr(id)).append("\">")
                    .append(tokenField(token)).append("<button type=\"submit\" id=\"").append(action).append('-')
                    .append(Html.attr(id)).append("\">").append(s.enabled() ? "Disable" : "Enable")
                    .append("</button></form></td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    @Override
    Outcome change(HttpServletRequest req, Form form, HttpServletResponse resp) throws IOException {
        String action = form.value("action");
        WorkloadControl c = control;
        if (c == null) {
            return Outcome.error("The WorkloadControl service (admin bundle) is not running; nothing was changed.");
        }
        try {
            switch (action == null ? "" : action) {
                case "enable" -> {
                    Workload w = Choices.workload("workload", form.value("workload"));
                    c.enable(w);
                    return Outcome.ok("Enabled " + w.id() + ".");
                }
                case "disable" -> {
                    Workload w = Choices.workload("workload", form.value("workload"));
                    c.disable(w);
                    return Outcome.ok("Disabled " + w.id() + ": its servers now get 503 naming it; the other "
                            + "workloads are untouched.");
                }
                case "install" -> {
                    return install(c, form.file(JAR_FIELD));
                }
                default -> {
                    return Outcome.error("Unknown action '" + action + "'; nothing was changed.");
                }
            }
        } catch (AdminException e) {
            return Outcome.error("Not done: " + e.getMessage());
        }
    }

    private static Outcome install(WorkloadControl c, Part jar) throws IOException, AdminException {
        if (jar == null) {
            return Outcome.error("Choose the adapter jar to upload (a multipart form field named '" + JAR_FIELD
                    + "'); nothing was installed.");
        }
        String name = fileName(jar.getSubmittedFileName());
        if (!name.toLowerCase(Locale.ROOT).endsWith(".jar")) {
            return Outcome.error("'" + name + "' is not a .jar file; nothing was installed.");
        }
        try (InputStream in = jar.getInputStream()) {
            String written = c.install(name, in);
            return Outcome.ok("Installed " + name + " as " + written + "; FileInstall starts it within seconds.");
        } finally {
            jar.delete();
        }
    }

    /** The last path segment: browsers of some systems send the client-side path. */
    static String fileName(String submitted) {
        String s = submitted == null ? "" : submitted;
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        return s.substring(cut + 1).trim();
    }
}

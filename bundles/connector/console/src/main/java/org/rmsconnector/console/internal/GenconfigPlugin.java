package org.rmsconnector.console.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.GeneratedConfiguration;
import org.rmsconnector.api.admin.ServerConfigurationGenerator;
import org.rmsconnector.api.admin.ServerConfigurationGenerator.Format;
import org.rmsconnector.api.workload.Workload;

/**
 * "Server configuration": what the on-premises servers of a workload need in their registry. Generating changes
 * nothing, so the form is a GET and the result shows within the console; the download is a POST of the same
 * values (the console passes POST answers through unwrapped, so the file arrives as it is, with its name).
 */
@Component(service = Servlet.class)
@WebConsolePlugin(label = "rms-genconfig", title = "Server configuration", css = "/rms-genconfig/res/rms-console.css")
public class GenconfigPlugin extends ConsolePlugin {
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ServerConfigurationGenerator generator;

    @Activate
    public GenconfigPlugin() {
        this(Csrf.withRandomKey());
    }

    GenconfigPlugin(Csrf csrf) {
        super(csrf);
    }

    /** The three inputs, parsed. */
    record Request(Workload workload, URI connector, Format format) {
        static Request of(String workload, String connector, String format) {
            Workload w = Choices.workload("workload", workload);
            String url = Choices.required("connector URL", connector);
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("The connector URL '" + url + "' is not a valid URL: "
                        + e.getReason() + ". Give it as https://host:port, the name the servers reach the "
                        + "connector by.");
            }
            return new Request(w, uri, format(format));
        }

        private static Format format(String value) {
            if (value != null) {
                for (Format f : Format.values()) {
                    if (f.name().equalsIgnoreCase(value)) {
                        return f;
                    }
                }
            }
            throw new IllegalArgumentException("The format must be one of reg, ps1, properties"
                    + (value == null ? "; none was given." : ", not '" + value + "'."));
        }
    }

    @Override
    void render(HttpServletRequest req, String token, StringBuilder html) {
        String workload = req.getParameter("workload");
        String connector = req.getParameter("connector");
        String format = req.getParameter("format");
        html.append("<h2>Server configuration</h2>\n<p class=\"rms-note\">The registry values the on-premises "
                + "servers of a workload need to use this connector. Give the connector's URL as the servers reach "
                + "it: the load balancer's name, not a single node's.</p>\n");
        List<String> workloads = Arrays.stream(Workload.values()).map(Workload::id).toList();
        List<String> formats = Arrays.stream(Format.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
        html.append("<form method=\"get\" id=\"genconfig\">")
                .append("<label for=\"workload\">Workload</label> <select id=\"workload\" name=\"workload\">")
                .append(Choices.options(workloads, workload)).append("</select> ")
                .append("<label for=\"connector\">Connector URL</label> <input type=\"url\" id=\"connector\" "
                        + "name=\"connector\" size=\"40\" required placeholder=\"https://rms.example.com\" value=\"")
                .append(Html.attr(connector)).append("\"> ")
                .append("<label for=\"format\">Format</label> <select id=\"format\" name=\"format\">")
                .append(Choices.options(formats, format)).append("</select> ")
                .append("<button type=\"submit\" id=\"genconfig-submit\">Generate</button></form>\n");
        if (workload == null && connector == null && format == null) {
            return;
        }
        ServerConfigurationGenerator g = generator;
        if (g == null) {
            html.append(Missing.generator("no configuration can be generated"));
            return;
        }
        GeneratedConfiguration generated;
        try {
            Request r = Request.of(workload, connector, format);
            generated = g.generate(r.workload(), r.connector(), r.format());
        } catch (IllegalArgumentException | AdminException e) {
            html.append("<p id=\"genconfig-error\" class=\"rms-error\">").append(Html.text(e.getMessage()))
                    .append("</p>\n");
            return;
        }
        if (!generated.warnings().isEmpty()) {
            html.append("<ul id=\"genconfig-warnings\" class=\"rms-warning\">");
            generated.warnings().forEach(w -> html.append("<li>").append(Html.text(w)).append("</li>"));
            html.append("</ul>\n");
        }
        html.append("<h3 id=\"genconfig-file\">").append(Html.text(generated.fileName())).append("</h3>\n")
                .append("<pre id=\"genconfig-output\">").append(Html.text(generated.content())).append("</pre>\n")
                .append("<form method=\"post\" id=\"genconfig-download\">")
                .append("<input type=\"hidden\" name=\"download\" value=\"1\">")
                .append(hidden("workload", workload)).append(hidden("connector", connector))
                .append(hidden("format", format)).append(tokenField(token))
                .append("<button type=\"submit\" id=\"genconfig-download-submit\">Download ")
                .append(Html.text(generated.fileName())).append("</button></form>\n");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.attr(value) + "\">";
    }

    @Override
    Outcome change(HttpServletRequest req, Form form, HttpServletResponse resp) throws IOException {
        if (form.value("download") == null) {
            answer(req, resp, HttpServletResponse.SC_BAD_REQUEST, "Only the download is sent with POST (a "
                    + "'download' field); generate the configuration with the form on the page.");
            return null;
        }
        ServerConfigurationGenerator g = generator;
        if (g == null) {
            answer(req, resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The ServerConfigurationGenerator "
                    + "service (admin bundle) is not running; nothing can be generated.");
            return null;
        }
        GeneratedConfiguration generated;
        try {
            Request r = Request.of(form.value("workload"), form.value("connector"), form.value("format"));
            generated = g.generate(r.workload(), r.connector(), r.format());
        } catch (IllegalArgumentException | AdminException e) {
            answer(req, resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return null;
        }
        byte[] content = generated.content().getBytes(StandardCharsets.UTF_8);
        // not text/html: the console's template filter must leave the file as it is
        resp.setContentType("application/octet-stream");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + safeFileName(generated.fileName()) + "\"");
        resp.setContentLength(content.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(content);
        }
        return null;
    }

    /** Only characters that need no quoting in a header and mean nothing to a file system. */
    static String safeFileName(String name) {
        String safe = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "rms-connector-configuration.txt" : safe;
    }
}

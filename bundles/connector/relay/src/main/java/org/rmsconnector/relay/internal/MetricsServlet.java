package org.rmsconnector.relay.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/** {@code /metrics} for Prometheus: the {@link RelayMetrics} in the text exposition format 0.0.4. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
@HttpWhiteboardServletName("rms-metrics")
@HttpWhiteboardTarget(RelayServlet.CONNECTOR_HTTP)
public class MetricsServlet extends HttpServlet {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final long serialVersionUID = 1L;

    private final transient RelayMetrics metrics;

    @Activate
    public MetricsServlet(@Reference RelayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        RelayServlet.write(resp, answer(metrics));
    }

    static Answer answer(RelayMetrics metrics) {
        return new Answer(200, CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }
}

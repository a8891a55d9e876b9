package org.rmsconnector.relay.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.rmsconnector.commons.JsonText;

/**
 * {@code /health} for load-balancer probes: runs the Felix Health Checks tagged in the relay configuration and
 * answers 200 while none is worse than WARN, 503 otherwise, with each check's result as JSON.
 */
@Component(service = Servlet.class, configurationPid = RelayServlet.PID)
@HttpWhiteboardServletPattern("/health")
@HttpWhiteboardServletName("rms-health")
@HttpWhiteboardTarget(RelayServlet.CONNECTOR_HTTP)
public class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient HealthCheckExecutor executor;
    private volatile String[] tags;

    @Activate
    public HealthServlet(@Reference HealthCheckExecutor executor, RelayConfiguration config) {
        this.executor = executor;
        modified(config);
    }

    @Modified
    void modified(RelayConfiguration config) {
        this.tags = config.health_tags();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<HealthCheckExecutionResult> results = executor.execute(HealthCheckSelector.tags(tags));
        Answer answer = render(results);
        RelayServlet.write(resp, answer);
    }

    static Answer render(List<HealthCheckExecutionResult> results) {
        Result.Status overall = Result.Status.OK;
        StringBuilder checks = new StringBuilder();
        for (HealthCheckExecutionResult r : results) {
            Result result = r.getHealthCheckResult();
            if (result.getStatus().ordinal() > overall.ordinal()) {
                overall = result.getStatus();
            }
            StringBuilder messages = new StringBuilder();
            for (ResultLog.Entry entry : result) {
                if (!entry.isDebug()) {
                    messages.append(messages.length() == 0 ? "" : ",").append(JsonText.quote(entry.getMessage()));
                }
            }
            checks.append(checks.length() == 0 ? "" : ",").append("{\"name\":")
                    .append(JsonText.quote(r.getHealthCheckMetadata().getName())).append(",\"status\":")
                    .append(JsonText.quote(result.getStatus().name())).append(",\"messages\":[").append(messages)
                    .append("]}");
        }
        boolean up = overall.ordinal() <= Result.Status.WARN.ordinal();
        String json = "{\"status\":" + JsonText.quote(overall.name()) + ",\"checks\":[" + checks + "]}";
        return new Answer(up ? 200 : 503, Answer.JSON, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }
}

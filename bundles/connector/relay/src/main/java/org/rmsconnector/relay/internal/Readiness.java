package org.rmsconnector.relay.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.rmsconnector.commons.JsonText;

/**
 * Whether this node can serve a relayed request end to end, as {@code /health} and the verification page tell a
 * load balancer: the Felix Health Checks tagged in the relay configuration (the authorized-servers list in force,
 * the cloud transport registered, the embedded cloud service up when there is one, the workloads, …) none worse
 * than WARN, and the node not {@linkplain Drain draining}. The answer names every part and what is wrong with it.
 */
@Component(service = Readiness.class, configurationPid = RelayServlet.PID)
public class Readiness {
    /** The name of the drain's entry among the checks. */
    static final String DRAIN_CHECK = "RMS drain";

    private final HealthCheckExecutor executor;
    private final Drain drain;
    private volatile String[] tags;

    @Activate
    public Readiness(@Reference HealthCheckExecutor executor, @Reference Drain drain, RelayConfiguration config) {
        this.executor = executor;
        this.drain = drain;
        modified(config);
    }

    @Modified
    void modified(RelayConfiguration config) {
        this.tags = config.health_tags();
    }

    /** The checks' verdict: 200 with every check when ready, else 503 naming what is missing. */
    Answer health() {
        return render(executor.execute(HealthCheckSelector.tags(tags)), drain.reason());
    }

    /** Ready to serve: what {@link #health()} answers 200 for. */
    boolean ready() {
        return health().status() == 200;
    }

    static Answer render(List<HealthCheckExecutionResult> results, Optional<String> draining) {
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
            check(checks, r.getHealthCheckMetadata().getName(), result.getStatus().name(), messages.toString());
        }
        String status = overall.name();
        boolean up = overall.ordinal() <= Result.Status.WARN.ordinal();
        if (draining.isPresent()) {
            check(checks, DRAIN_CHECK, "CRITICAL", JsonText.quote("draining: out of rotation, still serving ("
                    + draining.get() + ")"));
            status = "DRAINING";
            up = false;
        }
        String json = "{\"status\":" + JsonText.quote(status) + ",\"checks\":[" + checks + "]}";
        return new Answer(up ? 200 : 503, Answer.JSON, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-store"));
    }

    private static void check(StringBuilder checks, String name, String status, String messages) {
        checks.append(checks.length() == 0 ? "" : ",").append("{\"name\":").append(JsonText.quote(name))
                .append(",\"status\":").append(JsonText.quote(status)).append(",\"messages\":[").append(messages)
                .append("]}");
    }
}

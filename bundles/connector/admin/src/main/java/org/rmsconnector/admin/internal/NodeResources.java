package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.EventLog;
import org.rmsconnector.api.admin.GeneratedConfiguration;
import org.rmsconnector.api.admin.RecordedEvent;
import org.rmsconnector.api.admin.ServerConfigurationGenerator;
import org.rmsconnector.api.admin.WorkloadControl;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.node.NodeDrain;
import org.rmsconnector.api.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The resources about this node: workloads, events, server configurations and the doctor. */
final class NodeResources {
    static final String DOCTOR_TAG = "doctor";
    /** The doctor may probe the cloud; give slow checks longer than Felix's default of 2 s. */
    static final int DOCTOR_TIMEOUT_MS = 20_000;
    private static final Logger LOG = LoggerFactory.getLogger(NodeResources.class);

    private NodeResources() {
    }

    static Answer workloads(WorkloadControl control) {
        JsonWriter json = new JsonWriter().beginObject().name("workloads").beginArray();
        control.workloads().forEach(w -> Render.workload(json, w));
        return Answer.json(200, json.endArray().endObject());
    }

    /** Whether this node drains, since when, and the relayed requests in flight. */
    static Answer drain(NodeDrain drain) {
        JsonWriter json = new JsonWriter().beginObject().name("draining").value(drain.drainingSince().isPresent());
        drain.drainingSince().ifPresent(since -> json.name("since").value(since.toString()));
        return Answer.json(200, json.name("inFlight").value(drain.inFlight()).endObject());
    }

    /** Takes the node out of its balancer's rotation, or puts it back; the node keeps running either way. */
    static Answer drain(NodeDrain drain, boolean start, String user) {
        if (start) {
            drain.drain("drained by admin " + user);
        } else {
            drain.resume();
        }
        LOG.info("admin {} {} node", user, start ? "drained the" : "put back into rotation the");
        return drain(drain);
    }

    static Answer switchWorkload(WorkloadControl control, String id, boolean enable, String user)
            throws ApiException {
        Workload workload = workload(id);
        try {
            if (enable) {
                control.enable(workload);
            } else {
                control.disable(workload);
            }
        } catch (AdminException e) {
            throw ApiException.of(e);
        }
        LOG.info("admin {} {} the {} workload", user, enable ? "enabled" : "disabled", workload.id());
        for (WorkloadState w : control.workloads()) {
            if (w.workload() == workload) {
                JsonWriter json = new JsonWriter();
                Render.workload(json, w);
                return Answer.json(200, json);
            }
        }
        throw new IllegalStateException("workload control does not list " + workload.id());
    }

    static Answer install(WorkloadControl control, String fileName, HttpServletRequest req, String user)
            throws ApiException, IOException {
        String written;
        try {
            written = control.install(fileName, req.getInputStream());
        } catch (AdminException e) {
            throw ApiException.of(e);
        }
        LOG.info("admin {} installed the workload adapter jar {}", user, written);
        return Answer.json(201, new JsonWriter().beginObject().field("file", written).endObject());
    }

    private static Workload workload(String id) throws ApiException {
        for (Workload w : Workload.values()) {
            if (w.id().equals(id)) {
                return w;
            }
        }
        throw ApiException.notFound("no workload '" + id + "'; the workloads are exchange, sharepoint and fci");
    }

    static Answer events(EventLog log, HttpServletRequest req) throws ApiException {
        int limit = Requests.intParam(req, "limit", 1, 1000, 100);
        String idText = Requests.param(req, "id");
        Integer id = null;
        if (idText != null) {
            id = Requests.intParam(req, "id", 0, Integer.MAX_VALUE, 0);
        }
        String levelText = Requests.param(req, "level");
        ConnectorEvent.Level level = levelText == null ? null
                : Requests.enumValue(ConnectorEvent.Level.class, levelText, "level");
        List<RecordedEvent> events = log.recent(limit, id, level, Requests.param(req, "q"));
        JsonWriter json = new JsonWriter().beginObject().name("events").beginArray();
        for (RecordedEvent e : events) {
            json.beginObject().field("sequence", e.sequence()).field("time", e.time()).field("id", e.id())
                    .field("level", e.level().name()).field("message", e.message()).name("properties")
                    .beginObject();
            new java.util.TreeMap<>(e.properties()).forEach(json::field);
            json.endObject().endObject();
        }
        return Answer.json(200, json.endArray().endObject());
    }

    static Answer serverConfiguration(ServerConfigurationGenerator generator, HttpServletRequest req,
            URI loadBalanced) throws ApiException {
        Workload workload = Requests.workload(Requests.param(req, "workload"), "workload");
        String formatText = Requests.param(req, "format");
        ServerConfigurationGenerator.Format format = formatText == null ? ServerConfigurationGenerator.Format.REG
                : Requests.enumValue(ServerConfigurationGenerator.Format.class, formatText, "format");
        String connectorText = Requests.param(req, "connector");
        if (connectorText == null && loadBalanced == null) {
            throw ApiException.invalid("connector: missing; give the connector's URL as the servers reach it (the"
                    + " load-balanced name), or set loadBalancedUrl in etc/" + AdminConfiguration.PID + ".cfg");
        }
        GeneratedConfiguration generated;
        try {
            URI connector = connectorText == null ? loadBalanced : ConnectorUrls.parse(connectorText, "connector");
            generated = generator.generate(workload, connector, format);
        } catch (AdminException e) {
            throw ApiException.of(e);
        }
        if (Requests.wantsText(req)) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("Content-Disposition", List.of("attachment; filename=\"" + generated.fileName() + "\""));
            List<String> warnings = new ArrayList<>();
            generated.warnings().forEach(w -> warnings.add(headerSafe(w)));
            if (!warnings.isEmpty()) {
                headers.put("X-RMS-Warning", warnings);
            }
            return new Answer(200, "text/plain; charset=utf-8", generated.content(), headers);
        }
        JsonWriter json = new JsonWriter().beginObject().field("fileName", generated.fileName())
                .field("content", generated.content()).name("warnings").beginArray();
        generated.warnings().forEach(json::value);
        return Answer.json(200, json.endArray().endObject());
    }

    /** Header values are one line of printable ASCII. */
    static String headerSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    static Answer doctor(HealthCheckExecutor executor) {
        List<HealthCheckExecutionResult> results = executor.execute(HealthCheckSelector.tags(DOCTOR_TAG),
                new HealthCheckExecutionOptions().setForceInstantExecution(true)
                        .setOverrideGlobalTimeout(DOCTOR_TIMEOUT_MS));
        boolean ok = true;
        JsonWriter findings = new JsonWriter().beginArray();
        for (HealthCheckExecutionResult r : results) {
            Result result = r.getHealthCheckResult();
            ok &= result.getStatus().ordinal() <= Result.Status.WARN.ordinal();
            findings.beginObject().field("check", r.getHealthCheckMetadata().getName())
                    .field("status", result.getStatus().name()).field("message", message(result)).endObject();
        }
        findings.endArray();
        String json = "{\"ok\":" + ok + ",\"findings\":" + findings + "}";
        return new Answer(200, Answer.JSON, json, Map.of());
    }

    /** The messages at the result's own status (the ones that explain it), else every message that is not debug. */
    static String message(Result result) {
        List<String> worst = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (ResultLog.Entry entry : result) {
            if (entry.isDebug()) {
                continue;
            }
            all.add(entry.getMessage());
            if (entry.getStatus() == result.getStatus()) {
                worst.add(entry.getMessage());
            }
        }
        return String.join("; ", worst.isEmpty() ? all : worst);
    }
}

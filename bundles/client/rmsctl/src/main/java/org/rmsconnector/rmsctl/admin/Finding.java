package org.rmsconnector.rmsctl.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result of {@code rmsctl doctor}, in the API's shape. Statuses are Felix Health Checks': {@code OK},
 * {@code WARN}, {@code CRITICAL}, {@code TEMPORARILY_UNAVAILABLE}, {@code HEALTH_CHECK_ERROR}.
 *
 * @param check   what was checked
 * @param status  the status
 * @param message what was found and, when not OK, how to fix it
 * @param source  {@code rmsctl} for the checks made here, {@code null} for the connector's
 * @param fix     what to do, for the checks made here ({@code null} when OK)
 */
record Finding(String check, String status, String message, String source, String fix) {

    static final String OK = "OK";
    static final String WARN = "WARN";
    static final String CRITICAL = "CRITICAL";
    private static final List<String> FINE = List.of(OK, WARN);

    /** A finding of the connector's, as the API sent it. */
    static Finding of(Map<String, Object> json) {
        return new Finding(Json.text(json, "check"), Json.text(json, "status"), Json.text(json, "message"), null,
                null);
    }

    /** Worse than WARN: an unknown status counts as failed too, so a new status cannot pass unnoticed. */
    boolean failed() {
        return !FINE.contains(status);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", check);
        m.put("status", status);
        m.put("message", message);
        if (source != null) {
            m.put("source", source);
        }
        if (fix != null) {
            m.put("fix", fix);
        }
        return m;
    }
}

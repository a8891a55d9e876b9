package org.rmsconnector.admin.internal;

import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.admin.WorkloadTraffic;

/** The JSON shapes shared by several resources. */
final class Render {
    private Render() {
    }

    static void cloud(JsonWriter json, CloudStatus s) {
        json.beginObject().field("environment", s.environment())
                .field("serviceUrl", s.serviceUrl() == null ? null : s.serviceUrl().toString())
                .field("reachable", s.reachable()).field("problem", s.problem())
                .field("tlsProtocol", s.tlsProtocol()).field("roundTrip", s.roundTrip())
                .field("clockSkew", s.clockSkew()).field("proxy", s.proxy()).field("registered", s.registered())
                .field("connectorId", s.connectorId()).field("connectorName", s.connectorName())
                .field("registeredAt", s.registeredAt()).field("credentialsExpireAt", s.credentialsExpireAt())
                .field("policyVersion", s.policyVersion()).field("policyConfirmedAt", s.policyConfirmedAt())
                .field("policyFromCache", s.policyFromCache()).field("breaker", s.breaker())
                .field("checkedAt", s.checkedAt()).endObject();
    }

    static void workload(JsonWriter json, WorkloadState w) {
        WorkloadTraffic t = w.traffic() == null ? new WorkloadTraffic(0, 0, 0, 0, 0) : w.traffic();
        json.beginObject().field("workload", w.workload().id()).field("enabled", w.enabled())
                .field("available", w.available()).field("bundle", w.bundle()).field("version", w.version())
                .field("bundleState", w.bundleState()).name("traffic").beginObject()
                .field("succeeded", t.succeeded()).field("refused", t.refused())
                .field("unavailable", t.unavailable()).field("failed", t.failed())
                .field("meanMillis", t.meanMillis()).endObject().endObject();
    }
}

package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.admin.DirectorySearch;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.admin.RelayStatistics;
import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.api.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The resources that read or change the tenant through the cloud connection: status, authorizations, connectors. */
final class CloudResources {
    static final String SUPER_USER_WARNING = "an Exchange entry makes the account a super user: it can decrypt all"
            + " protected content of the tenant (mail, documents, files); authorize only the Exchange servers'"
            + " computer accounts or a group holding exactly them";
    private static final Logger LOG = LoggerFactory.getLogger(CloudResources.class);
    private static final int MAX_ACCOUNT = 256;

    private CloudResources() {
    }

    static Answer status(CloudConnection cloud, List<WorkloadState> workloads, PolicySource policies,
            RelayStatistics statistics, String node, String version, Clock clock) {
        CloudStatus status = cloud.status();
        JsonWriter json = new JsonWriter().beginObject().field("node", node).field("version", version);
        json.name("cloud");
        Render.cloud(json, status);
        json.name("workloads").beginArray();
        workloads.forEach(w -> Render.workload(json, w));
        json.endArray();
        json.name("policy").beginObject();
        Optional<AuthorizationPolicy> inForce = policies == null ? Optional.empty() : policies.current();
        if (inForce.isPresent()) {
            AuthorizationPolicy p = inForce.get();
            json.field("version", p.version())
                    .field("ageSeconds", Math.max(0, Duration.between(p.confirmedAt(), clock.instant()).toSeconds()))
                    .field("entries", p.entries().size());
        } else {
            json.field("version", status.policyVersion()).name("ageSeconds");
            if (status.policyConfirmedAt() == null) {
                json.nullValue();
            } else {
                json.value(Math.max(0, Duration.between(status.policyConfirmedAt(), clock.instant()).toSeconds()));
            }
            json.name("entries").nullValue();
        }
        json.endObject();
        json.name("history").beginArray();
        List<TrafficSample> history = statistics == null ? List.of() : statistics.history();
        for (TrafficSample s : history) {
            json.beginObject().field("end", s.end()).field("requests", s.requests()).field("errors", s.errors())
                    .field("meanMillis", s.meanMillis()).endObject();
        }
        json.endArray().endObject();
        return Answer.json(200, json);
    }

    static Answer authorizedServers(PolicySource policies) throws ApiException {
        Optional<AuthorizationPolicy> current = policies.current();
        if (current.isEmpty()) {
            throw new ApiException(503, "unavailable", "this node has no authorized-servers list yet: the transport"
                    + " has not obtained it from the cloud and there is no last-known-good copy; check the"
                    + " connection to the cloud (GET /admin/api/doctor)");
        }
        JsonWriter json = new JsonWriter().beginObject().field("version", current.get().version())
                .name("entries").beginArray();
        for (AuthorizedServer e : current.get().entries()) {
            entry(json, e);
            json.endObject();
        }
        return Answer.json(200, json.endArray().endObject());
    }

    static Answer authorize(CloudConnection cloud, HttpServletRequest req, String user)
            throws ApiException, IOException {
        Map<String, Object> body = Requests.jsonBody(req);
        String account = Requests.requiredString(body, "account", MAX_ACCOUNT).trim();
        AuthorizedServer.Kind kind = Requests.enumValue(AuthorizedServer.Kind.class,
                Requests.requiredString(body, "kind", 16), "kind");
        Workload role = Requests.workload(Requests.requiredString(body, "role", 16), "role");
        AuthorizedServer entry = new AuthorizedServer(account, kind, role);
        try {
            cloud.authorize(entry);
        } catch (AdminException e) {
            throw ApiException.of(e);
        }
        LOG.info("admin {} authorized {} {} as {}", user, kind, account, role.id());
        JsonWriter json = new JsonWriter();
        entry(json, entry);
        if (role == Workload.EXCHANGE) {
            json.field("warning", SUPER_USER_WARNING);
        }
        return Answer.json(201, json.endObject());
    }

    static Answer revoke(CloudConnection cloud, HttpServletRequest req, String user) throws ApiException {
        String account = Requests.param(req, "account");
        if (account == null) {
            throw ApiException.invalid("account: missing; give the entry's account as written in the list");
        }
        Workload role = Requests.workload(Requests.param(req, "role"), "role");
        try {
            cloud.revoke(account, role);
        } catch (AdminException e) {
            throw ApiException.of(e);
        }
        LOG.info("admin {} revoked {} as {}", user, account, role.id());
        return Answer.noContent();
    }

    private static void entry(JsonWriter json, AuthorizedServer e) {
        json.beginObject().field("account", e.account()).field("kind", e.kind().name()).field("role", e.role().id());
    }

    static Answer directory(DirectorySearch directory, HttpServletRequest req) throws ApiException {
        String q = Requests.param(req, "q");
        if (q == null) {
            throw ApiException.invalid("q: missing; give part of a name to search for");
        }
        int limit = Requests.intParam(req, "limit", 1, 200, 20);
        List<DirectoryEntry> found;
        try {
            found = directory.search(q, limit);
        } catch (AdminException e) {
            throw ApiException.of(e);
        }
        JsonWriter json = new JsonWriter().beginObject().name("entries").beginArray();
        for (DirectoryEntry e : found) {
            json.beginObject().field("account", e.account()).field("kind", e.kind().name())
                    .field("displayName", e.displayName()).field("dn", e.dn()).endObject();
        }
        return Answer.json(200, json.endArray().endObject());
    }

    static Answer connectors(CloudConnection cloud) throws ApiException {
        List<RegisteredConnector> all;
        try {
            all = cloud.connectors();
        } catch (AdminException e) {
            throw ApiException.of(e);
        }
        JsonWriter json = new JsonWriter().beginObject().name("connectors").beginArray();
        for (RegisteredConnector c : all) {
            json.beginObject().field("id", c.id()).field("name", c.name()).field("registeredAt", c.registeredAt())
                    .field("lastSeen", c.lastSeen()).endObject();
        }
        return Answer.json(200, json.endArray().endObject());
    }

    static Answer register(CloudConnection cloud, HttpServletRequest req, String admin)
            throws ApiException, IOException {
        Map<String, Object> body = Requests.jsonBody(req);
        String user = Requests.requiredString(body, "user", MAX_ACCOUNT).trim();
        char[] password = Requests.requiredString(body, "password", 1024).toCharArray();
        String name = Requests.optionalString(body, "name", 128);
        try {
            cloud.register(user, password, name == null || name.isBlank() ? null : name.trim());
        } catch (AdminException e) {
            throw ApiException.of(e);
        } finally {
            Arrays.fill(password, '\0');
        }
        CloudStatus status = cloud.status();
        LOG.info("admin {} registered this connector as {} ({}) with tenant user {}", admin, status.connectorName(),
                status.connectorId(), user);
        return Answer.json(201, new JsonWriter().beginObject().field("connectorId", status.connectorId())
                .field("connectorName", status.connectorName()).endObject());
    }
}

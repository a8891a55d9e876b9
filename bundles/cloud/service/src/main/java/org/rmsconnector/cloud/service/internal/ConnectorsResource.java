package org.rmsconnector.cloud.service.internal;

import static org.rmsconnector.cloud.service.internal.AdminRequest.json;
import static org.rmsconnector.cloud.service.internal.AdminRequest.ok;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.model.RegisteredConnector;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;

/**
 * {@code connectors}: the registered connectors and their registration with a public key. With the tenant key,
 * registering answers the tenant public key ({@code "tenantKey"}, a JWK) for the connector to pin.
 */
final class ConnectorsResource {

    private final CloudStore store;
    private final TenantKeys tenantKeys;
    private final Clock clock;

    /** @param tenantKeys named to registering connectors; null: no {@code "tenantKey"} */
    ConnectorsResource(CloudStore store, TenantKeys tenantKeys, Clock clock) {
        this.store = store;
        this.tenantKeys = tenantKeys;
        this.clock = clock;
    }

    AdminAnswer handle(AdminRequest r) throws CloudException {
        switch (r.method()) {
            case "GET":
                return list();
            case "POST":
                return register(r);
            default:
                throw r.notAllowed("GET, POST");
        }
    }

    private AdminAnswer list() {
        List<Object> out = new ArrayList<>();
        for (RegisteredConnector c : store.connectors().list()) {
            out.add(JsonSupport.object().put("id", c.id()).put("name", c.name())
                    .put("registeredAt", c.createdAt().toString())
                    .put("lastSeen", c.lastSeen() == null ? null : c.lastSeen().toString())
                    .put("createdAt", c.createdAt().toString()).put("createdBy", c.createdBy()).map());
        }
        return ok(JsonSupport.object().put("connectors", out));
    }

    private AdminAnswer register(AdminRequest r) throws CloudException {
        JsonSupport.Body b = r.parsedBody();
        String name = b.string("name");
        Object raw = b.raw("publicJwk");
        String jwkText;
        if (raw instanceof String s) {
            jwkText = s;
        } else if (raw instanceof Map<?, ?>) {
            jwkText = b.optObject("publicJwk").toJson();
        } else {
            throw b.bad("publicJwk", raw == null ? "missing" : "expected a JWK object");
        }
        PublicJwk jwk;
        try {
            jwk = PublicJwk.fromJson(jwkText);
        } catch (ProtocolException e) {
            throw b.bad("publicJwk", e.getMessage());
        }
        RegisteredConnector c = store.connectors().register(new RegisteredConnector(UUID.randomUUID().toString(),
                name, jwk.toJson(), null, clock.instant(), r.caller().identity()));
        JsonSupport.Obj answer = JsonSupport.object().put("id", c.id()).put("name", c.name()).put("kid", jwk.kid());
        if (tenantKeys != null) {
            // the connector pins this key to verify the signed list; it arrives over the same authenticated TLS
            // exchange that registered the connector
            answer.put("tenantKey", jsonObject(tenantKeys.publicJwk().toJson()));
        }
        return json(201, answer.toJson());
    }

    private static Map<String, Object> jsonObject(String json) {
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("not a JSON object: " + json, e);
        }
    }
}

package org.rmsconnector.admin.internal;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;

/** A cloud connection that records every change it is asked for and can be told to refuse the next one. */
final class TestCloud implements CloudConnection {
    final List<String> calls = new ArrayList<>();
    volatile AdminException refuseNext;
    volatile String connectorId;

    @Override
    public CloudStatus status() {
        return new CloudStatus("test", URI.create("https://tenant.rms.example.net"), true, null, "TLSv1.3",
                Duration.ofMillis(42), Duration.ofMillis(-1500), null, connectorId != null, connectorId,
                connectorId == null ? null : "node-7", null, null, 12, Instant.parse("2026-01-01T00:00:00Z"), false,
                "CLOSED", Instant.parse("2026-01-01T00:01:00Z"));
    }

    @Override
    public CloudStatus probe() {
        return status();
    }

    @Override
    public void register(String user, char[] password, String connectorName) throws AdminException {
        check();
        calls.add("register " + user + " " + new String(password) + " " + connectorName);
        connectorId = "c-42";
    }

    @Override
    public void authorize(AuthorizedServer entry) throws AdminException {
        check();
        calls.add("authorize " + entry.account() + " " + entry.kind() + " " + entry.role().id());
    }

    @Override
    public void revoke(String account, Workload role) throws AdminException {
        check();
        calls.add("revoke " + account + " " + role.id());
    }

    @Override
    public List<RegisteredConnector> connectors() throws AdminException {
        check();
        return List.of(new RegisteredConnector("c-1", "node-1", Instant.parse("2026-01-01T00:00:00Z"), null),
                new RegisteredConnector("c-2", "node-<2>", Instant.parse("2026-01-02T00:00:00Z"),
                        Instant.parse("2026-01-03T00:00:00Z")));
    }

    private void check() throws AdminException {
        AdminException e = refuseNext;
        refuseNext = null;
        if (e != null) {
            throw e;
        }
    }
}

package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.doctor.internal.ClockSkewCheck;
import org.rmsconnector.doctor.internal.CloudReachableCheck;
import org.rmsconnector.doctor.internal.CloudTlsCheck;
import org.rmsconnector.doctor.internal.ConnectorCredentialsCheck;
import org.rmsconnector.doctor.internal.ConnectorNodesCheck;
import org.rmsconnector.testing.HealthCheckResults;
import org.rmsconnector.testing.RecordingEventAdmin;
import org.rmsconnector.transport.internal.registration.ConnectorIdentity;

/**
 * {@link org.rmsconnector.api.admin.CloudConnection} against the real cloud service over HTTPS (see
 * {@link TestCloud}, a tenant of its own so the connector list is this class's): registration by an administrator,
 * the authorized-servers list changed as the connector, the connector list with when each node was last seen, the
 * probe, and the doctor's checks on what they report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudConnectionIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    static Path tmp;

    private TestCloud cloud;
    private final List<TransportNode> started = new ArrayList<>();

    @BeforeAll
    void startCloud() throws Exception {
        cloud = TestCloud.start(tmp.resolve("cloud"));
    }

    @AfterAll
    void stopCloud() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @AfterEach
    void stopComponents() throws Exception {
        for (TransportNode c : started) {
            c.deactivate();
        }
        started.clear();
        cloud.startServer();
    }

    /** A node of this cloud; registers itself on start when {@code selfRegistering}. */
    private TransportNode node(String name, boolean selfRegistering) throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("environment", "custom");
        m.put("cloud_url", cloud.base().toString());
        m.put("trust_store", cloud.keystore.toString());
        m.put("_trust_store_password", new String(TestTls.PASSWORD));
        m.put("credentials_dir", tmp.resolve(name).toString());
        m.put("_credentials_password", "credentials-secret");
        m.put("connector_name", name);
        m.put("request_timeout_ms", 5_000L);
        m.put("retry_backoff_ms", 20L);
        m.put("retry_backoff_max_ms", 100L);
        m.put("policy_backoff_max_seconds", 1);
        if (selfRegistering) {
            m.put("registration_user", TestCloud.ADMIN);
            m.put("registration_password_file", cloud.adminPasswordFile().toString());
        }
        TransportNode c = new TransportNode(Configs.settings(m), Clock.systemUTC(),
                new RecordingEventAdmin());
        started.add(c);
        return c;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    }

    private static AdminException refused(AdminException.Reason reason, Executable call) {
        AdminException e = assertThrows(AdminException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private static AuthorizationPolicy policy(TransportNode c, String what,
            java.util.function.Predicate<AuthorizationPolicy> wanted) throws InterruptedException {
        return Waits.value(DEADLINE, what, () -> c.current().filter(p -> !p.fromCache() && wanted.test(p))
                .orElse(null));
    }

    @Test
    void anAdministratorRegistersTheNodeAndItStartsSyncingAtOnce() throws Exception {
        TransportNode c = node(unique("console-"), false);
        CloudStatus before = c.status();
        assertFalse(before.registered());
        assertTrue(before.problem().contains("not registered"), before.problem());
        assertEquals(-1, before.policyVersion());
        assertEquals("custom", before.environment());

        refused(AdminException.Reason.INVALID, () -> c.register(" ", "x".toCharArray(), null));
        refused(AdminException.Reason.INVALID, () -> c.register(TestCloud.ADMIN, new char[0], null));
        AdminException wrong = refused(AdminException.Reason.REFUSED, () -> c.register(TestCloud.ADMIN,
                "not-the-password".toCharArray(), null));
        assertTrue(wrong.getMessage().contains("wrong user or password"), wrong.getMessage());
        refused(AdminException.Reason.REFUSED, () -> c.register("alice@contoso.com", "alice-pw".toCharArray(),
                null));
        assertFalse(c.status().registered(), "a refused registration changes nothing");

        String name = unique("Console node ");
        long t0 = System.nanoTime();
        c.register(TestCloud.ADMIN, TestCloud.ADMIN_PASSWORD.toCharArray(), name);
        CloudStatus after = c.status();
        assertTrue(after.registered());
        assertEquals(name, after.connectorName());
        assertNotNull(after.connectorId());
        assertEquals(after.registeredAt().plus(Duration.ofDays(730)), after.credentialsExpireAt());
        // handed to the waiting sync at once, not at its next look at the credentials directory
        AuthorizationPolicy first = Waits.value(ConnectorIdentity.CREDENTIALS_POLL.minusSeconds(1), "the list soon after"
                + " the registration", () -> c.current().orElse(null));
        assertFalse(first.fromCache());
        System.out.println("registered and synced in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                + " ms");
        assertEquals(first.version(), c.status().policyVersion());
        assertFalse(c.status().policyFromCache());

        AdminException again = refused(AdminException.Reason.CONFLICT, () -> c.register(TestCloud.ADMIN,
                TestCloud.ADMIN_PASSWORD.toCharArray(), null));
        assertTrue(again.getMessage().contains("already registered"), again.getMessage());
        refused(AdminException.Reason.CONFLICT, () -> node(unique("other-"), false).register(TestCloud.ADMIN,
                TestCloud.ADMIN_PASSWORD.toCharArray(), name));
    }

    @Test
    void theConnectorAuthorizesAndRevokesEntriesAndTheListFollows() throws Exception {
        String nodeName = unique("editor-");
        TransportNode c = node(nodeName, true);
        long v0 = policy(c, "the first list", p -> true).version();
        String account = unique("CONN") + "$";
        AuthorizedServer entry = new AuthorizedServer(account, AuthorizedServer.Kind.COMPUTER, Workload.SHAREPOINT);

        c.authorize(entry);
        AuthorizationPolicy added = policy(c, "the entry in the list", p -> p.entries().contains(entry));
        assertTrue(added.version() > v0, "the version moved: " + added.version());

        AdminException taken = refused(AdminException.Reason.CONFLICT, () -> c.authorize(new AuthorizedServer(
                account.toLowerCase(), AuthorizedServer.Kind.COMPUTER, Workload.FCI)));
        assertTrue(taken.getMessage().contains("already authorized for sharepoint"), taken.getMessage());
        AdminException bad = refused(AdminException.Reason.INVALID, () -> c.authorize(new AuthorizedServer("NODOLLAR",
                AuthorizedServer.Kind.COMPUTER, Workload.FCI)));
        assertTrue(bad.getMessage().contains("must end with '$'"), bad.getMessage());
        AdminException otherRole = refused(AdminException.Reason.NOT_FOUND, () -> c.revoke(account,
                Workload.EXCHANGE));
        assertTrue(otherRole.getMessage().contains("not for exchange"), otherRole.getMessage());
        refused(AdminException.Reason.INVALID, () -> c.revoke(account, null));

        c.revoke(account, Workload.SHAREPOINT);
        AuthorizationPolicy removed = policy(c, "the entry gone", p -> p.version() > added.version());
        assertFalse(removed.entries().contains(entry));
        refused(AdminException.Reason.NOT_FOUND, () -> c.revoke(account, Workload.SHAREPOINT));

        // the cloud recorded who changed it
        HttpResponse<String> feed = cloud.adminCall("GET", "authorized-servers/changes?since=" + v0, null);
        List<?> changes = (List<?>) TestCloud.json(feed.body()).get("changes");
        String by = "connector '" + nodeName + "' (" + c.status().connectorId() + ")";
        assertEquals(2, changes.size(), feed.body());
        for (Object change : changes) {
            assertEquals(by, ((Map<?, ?>) change).get("changedBy"));
        }
    }

    @Test
    void theConnectorListShowsWhenEachNodeWasLastSeenAndTheDoctorCountsThem() throws Exception {
        TransportNode a = node(unique("node-a-"), true);
        policy(a, "node a syncing", p -> true);
        String aId = a.status().connectorId();
        Instant since = Instant.now().minusSeconds(5);

        List<RegisteredConnector> alone = a.connectors();
        RegisteredConnector me = alone.stream().filter(n -> n.id().equals(aId)).findFirst().orElseThrow();
        assertNotNull(me.registeredAt());
        assertNotNull(me.lastSeen(), "its signed calls were seen");
        assertTrue(me.lastSeen().isAfter(since), me.lastSeen().toString());
        Result credentials = new ConnectorCredentialsCheck(a).execute();
        assertEquals(Result.Status.OK, credentials.getStatus(), HealthCheckResults.text(credentials));

        TransportNode b = node(unique("node-b-"), true);
        policy(b, "node b syncing", p -> true);
        String bId = b.status().connectorId();
        List<RegisteredConnector> both = a.connectors();
        RegisteredConnector other = both.stream().filter(n -> n.id().equals(bId)).findFirst().orElseThrow();
        assertTrue(other.lastSeen() != null && other.lastSeen().isAfter(since), String.valueOf(other.lastSeen()));
        Result nodes = new ConnectorNodesCheck(a).execute();
        assertEquals(Result.Status.OK, nodes.getStatus(), HealthCheckResults.text(nodes));
        // with only one of them alive an hour from now, the doctor warns
        Result later = ConnectorNodesCheck.evaluate(List.of(me, new RegisteredConnector(bId, other.name(),
                other.registeredAt(), other.lastSeen().minus(Duration.ofHours(2)))), Instant.now());
        assertEquals(Result.Status.WARN, later.getStatus(), HealthCheckResults.text(later));

        // a node that is not registered cannot list them
        refused(AdminException.Reason.CONFLICT, () -> node(unique("unregistered-"), false).connectors());
    }

    @Test
    void theProbeReportsTlsRoundTripSkewAndServiceUrlAndTheDoctorAgrees() throws Exception {
        TransportNode c = node(unique("prober-"), true);
        policy(c, "registered and syncing", p -> true);

        CloudStatus s = c.probe();
        assertTrue(s.reachable(), String.valueOf(s.problem()));
        assertNull(s.problem());
        assertTrue(CloudTlsCheck.ACCEPTED.contains(s.tlsProtocol()), s.tlsProtocol());
        assertNotNull(s.roundTrip());
        assertTrue(s.clockSkew().abs().compareTo(Duration.ofSeconds(2)) < 0, "same clock: " + s.clockSkew());
        assertEquals(cloud.base(), s.serviceUrl(), "scheme, host and port of the cloud's licensing URL");
        assertNull(s.proxy());
        assertEquals("CLOSED", s.breaker());
        System.out.println("probe: " + s.tlsProtocol() + ", " + s.roundTrip().toMillis() + " ms, skew "
                + s.clockSkew().toMillis() + " ms");
        for (Result r : List.of(new CloudReachableCheck(c).execute(), new CloudTlsCheck(c).execute(),
                new ClockSkewCheck(c).execute(), new ConnectorCredentialsCheck(c).execute())) {
            assertEquals(Result.Status.OK, r.getStatus(), HealthCheckResults.text(r));
        }

        cloud.stopServer();
        long t0 = System.nanoTime();
        CloudStatus known = c.status();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 500, "status never calls the cloud");
        assertEquals(s.tlsProtocol(), known.tlsProtocol());
        CloudStatus down = c.probe();
        assertFalse(down.reachable());
        assertTrue(down.problem().contains("cannot reach the cloud at " + cloud.base()), down.problem());
        Result critical = new CloudReachableCheck(c).execute();
        assertEquals(Result.Status.CRITICAL, critical.getStatus());
        assertTrue(HealthCheckResults.text(critical).contains("Fix: check that this node can open HTTPS to 127.0.0.1:"
                + cloud.port()), HealthCheckResults.text(critical));
        Result unknown = new ConnectorNodesCheck(c).execute();
        assertEquals(Result.Status.TEMPORARILY_UNAVAILABLE, unknown.getStatus(), HealthCheckResults.text(unknown));
        refused(AdminException.Reason.UNAVAILABLE, () -> c.authorize(new AuthorizedServer("X$",
                AuthorizedServer.Kind.COMPUTER, Workload.FCI)));

        cloud.startServer();
        Waits.until(DEADLINE, "reachable again", () -> c.probe().reachable());
    }

    @Test
    void withNoCloudRegistrationIsUnavailable() throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("environment", "custom");
        m.put("cloud_url", "https://127.0.0.1:" + TestTls.freePort());
        m.put("credentials_dir", tmp.resolve(unique("nowhere-")).toString());
        m.put("_credentials_password", "credentials-secret");
        m.put("connect_timeout_ms", 2_000L);
        m.put("request_timeout_ms", 2_000L);
        TransportNode c = new TransportNode(Configs.settings(m), Clock.systemUTC(),
                new RecordingEventAdmin());
        started.add(c);
        AdminException e = refused(AdminException.Reason.UNAVAILABLE, () -> c.register(TestCloud.ADMIN,
                TestCloud.ADMIN_PASSWORD.toCharArray(), null));
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        assertFalse(c.probe().reachable());
        assertFalse(c.status().registered());
    }
}

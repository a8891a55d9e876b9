package org.rmsconnector.doctor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.testing.HealthCheckResults;

/** Each check's verdict on a status, and that every verdict short of OK says how to fix it. */
class DoctorChecksTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final URI CLOUD = URI.create("https://rms.contoso.example");

    /** A healthy, registered node's status; the tests change one thing each. */
    private static CloudStatus status(boolean reachable, String problem, String tls, Duration skew, String proxy,
            Instant registeredAt, Instant expires) {
        return new CloudStatus("custom", CLOUD, reachable, problem, tls, Duration.ofMillis(12), skew, proxy,
                registeredAt != null, registeredAt == null ? null : "c-1", registeredAt == null ? null : "node-1",
                registeredAt, expires, 7, NOW, false, "CLOSED", NOW);
    }

    private static CloudStatus healthy() {
        return status(true, null, "TLSv1.3", Duration.ofMillis(300), null, NOW.minus(Duration.ofDays(10)),
                NOW.plus(Duration.ofDays(720)));
    }

    private static void assertFinding(Result.Status expected, Result r, String... parts) {
        String text = HealthCheckResults.text(r);
        assertEquals(expected, r.getStatus(), text);
        if (expected != Result.Status.OK) {
            assertTrue(text.contains("Fix: "), "says how to fix it: " + text);
        }
        for (String p : parts) {
            assertTrue(text.contains(p), "'" + p + "' in: " + text);
        }
    }

    @Test
    void reachable() {
        assertFinding(Result.Status.OK, CloudReachableCheck.evaluate(healthy()), "12 ms", "directly");
        assertFinding(Result.Status.CRITICAL, CloudReachableCheck.evaluate(status(false, "cannot reach the cloud at"
                + " https://rms.contoso.example: connection refused", null, null, null, NOW, NOW)),
                "rms.contoso.example:443 (DNS, firewall)", "proxy.host");
        assertFinding(Result.Status.CRITICAL, CloudReachableCheck.evaluate(status(false, "cannot reach the cloud:"
                + " connect timed out", null, null, "proxy.contoso.example:3128", NOW, NOW)),
                "through the proxy proxy.contoso.example:3128", "allows CONNECT to rms.contoso.example:443");
        assertFinding(Result.Status.CRITICAL, CloudReachableCheck.evaluate(status(false, "the outbound proxy refused"
                + " this node (407): check proxy.user and .proxy.password", null, null, "p:3128", NOW, NOW)),
                "Fix: set proxy.user and .proxy.password");
        assertFinding(Result.Status.CRITICAL, CloudReachableCheck.evaluate(status(false, "cannot reach the cloud:"
                + " SSLHandshakeException: PKIX path building failed", null, null, null, NOW, NOW)), "trust.store");
        assertFinding(Result.Status.WARN, CloudReachableCheck.evaluate(status(true, "the cloud answered, but not with"
                + " server information", "TLSv1.3", null, null, NOW, NOW)), "cloud.url");
    }

    @Test
    void tls() {
        assertFinding(Result.Status.OK, CloudTlsCheck.evaluate(healthy()), "TLSv1.3");
        assertFinding(Result.Status.OK, CloudTlsCheck.evaluate(status(true, null, "TLSv1.2", null, null, NOW, NOW)));
        assertFinding(Result.Status.CRITICAL, CloudTlsCheck.evaluate(status(true, null, "TLSv1.1", null, null, NOW,
                NOW)), "TLSv1.1", "enable TLS 1.2 or 1.3");
        assertFinding(Result.Status.TEMPORARILY_UNAVAILABLE, CloudTlsCheck.evaluate(status(false, "connection"
                + " refused", null, null, null, NOW, NOW)), "RMS cloud reachable");
    }

    @Test
    void clockSkew() {
        assertFinding(Result.Status.OK, ClockSkewCheck.evaluate(healthy()), "within 300 ms");
        assertFinding(Result.Status.WARN, ClockSkewCheck.evaluate(status(true, null, "TLSv1.3", Duration.ofSeconds(
                90), null, NOW, NOW)), "90 s behind the cloud's", "time server");
        assertFinding(Result.Status.CRITICAL, ClockSkewCheck.evaluate(status(true, null, "TLSv1.3",
                Duration.ofMinutes(-7), null, NOW, NOW)), "7 min ahead of the cloud's");
        // 30 s exactly is still fine; the cloud refuses assertions more than 30 s in its future
        assertFinding(Result.Status.OK, ClockSkewCheck.evaluate(status(true, null, "TLSv1.3", Duration.ofSeconds(
                -30), null, NOW, NOW)), "within 30000 ms");
        assertFinding(Result.Status.WARN, ClockSkewCheck.evaluate(status(true, null, "TLSv1.3", Duration.ofSeconds(
                -45), null, NOW, NOW)), "45 s ahead of the cloud's");
        assertFinding(Result.Status.TEMPORARILY_UNAVAILABLE, ClockSkewCheck.evaluate(status(false, "refused", null,
                null, null, NOW, NOW)));
        assertFinding(Result.Status.WARN, ClockSkewCheck.evaluate(status(true, null, "TLSv1.3", null, null, NOW,
                NOW)), "no Date header");
    }

    @Test
    void credentials() {
        ConnectorCredentialsCheck.Connectors known = () -> List.of(new RegisteredConnector("c-1", "node-1", NOW, NOW));
        assertFinding(Result.Status.OK, ConnectorCredentialsCheck.evaluate(healthy(), NOW, known),
                "connector 'node-1' (c-1)", "the cloud accepts them");
        assertFinding(Result.Status.CRITICAL, ConnectorCredentialsCheck.evaluate(status(true, null, null, null, null,
                null, null), NOW, known), "no connector credentials", "rmsctl connector register");
        Instant registered = NOW.minus(Duration.ofDays(710));
        assertFinding(Result.Status.WARN, ConnectorCredentialsCheck.evaluate(status(true, null, null, null, null,
                registered, registered.plus(Duration.ofDays(730))), NOW, known), "expire in 20 days");
        assertFinding(Result.Status.CRITICAL, ConnectorCredentialsCheck.evaluate(status(true, null, null, null, null,
                registered, NOW), NOW, known), "expired at " + NOW);
        assertFinding(Result.Status.CRITICAL, ConnectorCredentialsCheck.evaluate(healthy(), NOW, List::of),
                "no longer registered in the cloud");
        assertFinding(Result.Status.CRITICAL, ConnectorCredentialsCheck.evaluate(healthy(), NOW, () -> {
            throw new AdminException(AdminException.Reason.REFUSED, "unknown_connector");
        }), "refuses the credentials", "unknown_connector");
        assertFinding(Result.Status.OK, ConnectorCredentialsCheck.evaluate(healthy(), NOW, () -> {
            throw new AdminException(AdminException.Reason.UNAVAILABLE, "connection refused");
        }), "not confirmed with the cloud now (connection refused)");
    }

    @Test
    void nodes() {
        RegisteredConnector a = new RegisteredConnector("c-1", "node-1", NOW, NOW.minusSeconds(30));
        RegisteredConnector b = new RegisteredConnector("c-2", "node-2", NOW, NOW.minus(Duration.ofMinutes(59)));
        RegisteredConnector old = new RegisteredConnector("c-3", "node-3", NOW, NOW.minus(Duration.ofHours(2)));
        RegisteredConnector never = new RegisteredConnector("c-4", "node-4", NOW, null);
        assertFinding(Result.Status.OK, ConnectorNodesCheck.evaluate(List.of(a, b, old), NOW),
                "2 of 3 registered connector nodes", "node-1, node-2");
        assertFinding(Result.Status.WARN, ConnectorNodesCheck.evaluate(List.of(a, old, never), NOW),
                "only one connector node (node-1)", "not seen: node-3, node-4", "run a second node");
        assertFinding(Result.Status.WARN, ConnectorNodesCheck.evaluate(List.of(a), NOW), "only one");
        assertFinding(Result.Status.WARN, ConnectorNodesCheck.evaluate(List.of(), NOW), "no connector node");
        assertFinding(Result.Status.TEMPORARILY_UNAVAILABLE, ConnectorNodesCheck.unavailable(new AdminException(
                AdminException.Reason.UNAVAILABLE, "cannot reach the cloud")), "cannot reach the cloud");
        assertFinding(Result.Status.WARN, ConnectorNodesCheck.unavailable(new AdminException(
                AdminException.Reason.CONFLICT, "not registered")), "RMS connector credentials");
    }

    @Test
    void withoutTheTransportEveryCheckSaysSo() {
        for (Result r : List.of(new CloudReachableCheck(null).execute(), new CloudTlsCheck(null).execute(),
                new ClockSkewCheck(null).execute(), new ConnectorCredentialsCheck(null).execute(),
                new ConnectorNodesCheck(null).execute())) {
            assertFinding(Result.Status.CRITICAL, r, "transport is not running", ".credentials.password");
        }
    }
}

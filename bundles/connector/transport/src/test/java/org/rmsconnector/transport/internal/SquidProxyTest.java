package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.transport.ActorContext;
import org.rmsconnector.api.transport.CloudRequest;
import org.rmsconnector.api.transport.CloudResponse;
import org.rmsconnector.api.transport.CloudUnavailableException;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.doctor.internal.CloudReachableCheck;
import org.rmsconnector.doctor.internal.CloudTlsCheck;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.testing.HealthCheckResults;
import org.rmsconnector.testing.RecordingEventAdmin;
import org.rmsconnector.transport.internal.registration.ConnectorCredentialStore;

/**
 * The transport through a real Squid proxy to the real cloud service: an open proxy, and one that asks for Basic
 * authentication (which the JDK sends for an HTTPS tunnel only with {@code -Djdk.http.auth.tunneling.disabledSchemes=},
 * set for the test JVM in the pom as the start script must set it). Squid's access log proves the calls went
 * through it. Skipped without Squid, except on CI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SquidProxyTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String PROXY_USER = "rmsproxy";
    private static final String PROXY_PASSWORD = "proxy-secret-" + UUID.randomUUID();

    @TempDir
    static Path tmp;

    private TestCloud cloud;

    @BeforeAll
    void startCloud() throws Exception {
        Squid.requireBinary();
        cloud = TestCloud.start(tmp.resolve("cloud"));
    }

    @AfterAll
    void stopCloud() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    private TransportNode component(Path credentials, Squid squid, String user, String password)
            throws Exception {
        Map<String, Object> m = new HashMap<>();
        m.put("environment", "custom");
        m.put("cloud_url", cloud.base().toString());
        m.put("trust_store", cloud.keystore.toString());
        m.put("_trust_store_password", new String(TestTls.PASSWORD));
        m.put("credentials_dir", credentials.toString());
        m.put("_credentials_password", "credentials-secret");
        m.put("connector_name", "proxied-" + credentials.getFileName());
        m.put("registration_user", TestCloud.ADMIN);
        m.put("registration_password_file", cloud.adminPasswordFile().toString());
        m.put("proxy_host", "127.0.0.1");
        m.put("proxy_port", squid.port);
        m.put("request_timeout_ms", 5_000L);
        m.put("retry_attempts", 1);
        m.put("policy_backoff_max_seconds", 1);
        if (user != null) {
            m.put("proxy_user", user);
            m.put("_proxy_password", password);
        }
        return new TransportNode(Configs.settings(m), Clock.systemUTC(), new RecordingEventAdmin());
    }

    private CloudResponse certify(TransportNode c, String account) throws Exception {
        String body = new CertifyRequest(PublicJwk.of((RSAPublicKey) Keys.generateRsaKeyPair().getPublic()), account)
                .toJson();
        return c.forward(new CloudRequest("proxied-" + UUID.randomUUID(), Operation.CERTIFY,
                body.getBytes(StandardCharsets.UTF_8), new ActorContext(account, account, Workload.SHAREPOINT, null,
                        false))).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Registers through the proxy, receives the list through it, forwards a call through it. */
    private void exercise(TransportNode c) throws Exception {
        Waits.value(DEADLINE, "registered through the proxy", () -> c.credentials().orElse(null));
        String account = "PRX" + UUID.randomUUID().toString().substring(0, 6).toUpperCase() + "$";
        long version = cloud.authorize(account, "computer", "sharepoint");
        Waits.until(DEADLINE, "the list through the proxy", () -> c.current()
                .filter(p -> p.version() >= version).isPresent());
        CloudResponse r = certify(c, account);
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
    }

    private List<String> tunnelsTo(List<String> log) {
        String target = "CONNECT 127.0.0.1:" + cloud.port();
        return log.stream().filter(l -> l.contains(target) && l.contains("TCP_TUNNEL/200"))
                .collect(Collectors.toList());
    }

    @Test
    void everyCallGoesThroughAnOpenProxy() throws Exception {
        try (Squid squid = Squid.start(cloud.port(), null, null)) {
            TransportNode c = component(tmp.resolve("open"), squid, null, null);
            try {
                exercise(c);
                CloudStatus probed = c.probe();
                assertTrue(probed.reachable(), String.valueOf(probed.problem()));
                assertEquals("127.0.0.1:" + squid.port, probed.proxy());
                assertTrue(CloudTlsCheck.ACCEPTED.contains(probed.tlsProtocol()), probed.tlsProtocol());
                assertEquals(cloud.base(), probed.serviceUrl());
            } finally {
                c.deactivate();
            }
            squid.stop();
            List<String> log = squid.accessLog();
            assertFalse(tunnelsTo(log).isEmpty(), "squid tunnelled to the cloud:\n" + String.join("\n", log));
        }
    }

    @Test
    void aProxyThatAsksForAPasswordGetsItAndOnlyIt() throws Exception {
        cloud.proxyCredentialsSeen.set(0);
        try (Squid squid = Squid.start(cloud.port(), PROXY_USER, PROXY_PASSWORD)) {
            TransportNode c = component(tmp.resolve("authenticated"), squid, PROXY_USER, PROXY_PASSWORD);
            try {
                exercise(c);
            } finally {
                c.deactivate();
            }

            // the same registered node with a wrong proxy password: the proxy refuses the tunnel, and the call fails
            // as "cloud unavailable" (a 407 is never handed on as if the cloud had answered)
            Path wrongDir = Files.createDirectories(tmp.resolve("wrong-password"));
            Files.copy(tmp.resolve("authenticated").resolve(ConnectorCredentialStore.FILE_NAME),
                    wrongDir.resolve(ConnectorCredentialStore.FILE_NAME));
            TransportNode wrong = component(wrongDir, squid, PROXY_USER, "not-it");
            try {
                CompletionException e = assertThrows(CompletionException.class, () -> certify(wrong, "ANY$"));
                CloudUnavailableException u = assertInstanceOf(CloudUnavailableException.class, e.getCause());
                assertTrue(u.getMessage().contains("proxy"), u.getMessage());
                CloudStatus probed = wrong.probe();
                assertFalse(probed.reachable());
                assertTrue(probed.problem().contains("(407)"), probed.problem());
                Result doctor = CloudReachableCheck.evaluate(probed);
                assertEquals(Result.Status.CRITICAL, doctor.getStatus());
                assertTrue(HealthCheckResults.text(doctor).contains("Fix: set proxy.user and .proxy.password"),
                        HealthCheckResults.text(doctor));
            } finally {
                wrong.deactivate();
            }

            squid.stop();
            List<String> log = squid.accessLog();
            List<String> tunnels = tunnelsTo(log);
            assertFalse(tunnels.isEmpty(), "squid tunnelled to the cloud:\n" + String.join("\n", log));
            assertTrue(tunnels.stream().allMatch(l -> l.contains(" " + PROXY_USER + " ")),
                    "every tunnel was authenticated as " + PROXY_USER + ":\n" + String.join("\n", tunnels));
            assertTrue(log.stream().anyMatch(l -> l.contains("TCP_DENIED/407")),
                    "squid refused the wrong password:\n" + String.join("\n", log));
            assertTrue(cloud.requests.get() > 0);
            assertEquals(0, cloud.proxyCredentialsSeen.get(), "the proxy password never reaches the cloud");
        }
    }
}

package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Configuration: environments, defaults, and a clear refusal for each mistake. */
class TransportSettingsTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> m = new HashMap<>();
        m.put("_credentials_password", "secret");
        m.put("credentials_dir", "/var/lib/rms/connector");
        return m;
    }

    private static IllegalArgumentException refused(Map<String, Object> overrides) {
        Map<String, Object> m = minimal();
        m.putAll(overrides);
        return assertThrows(IllegalArgumentException.class, () -> Configs.settings(m));
    }

    @Test
    void theDefaultsReachTheEmbeddedCloud() {
        TransportSettings s = TransportSettings.from(Configs.config(Map.of("_credentials_password", "secret")),
                name -> name.equals("rms.home") ? "/opt/rms" : name.equals("rms.node.name") ? "node-7" : null);
        assertEquals(URI.create("https://127.0.0.1:8444"), s.cloudBase());
        assertEquals(Paths.get("/opt/rms/data/connector"), s.credentialsDir());
        assertEquals("node-7", s.connectorName());
        assertNull(s.trustStore());
        assertNull(s.proxy());
        assertNull(s.registrationUser());
        assertEquals(Duration.ofSeconds(25), s.policyWait());
        assertEquals(Duration.ofMinutes(15), s.policyRefresh());
        assertEquals(3, s.retry().attempts());
        assertEquals("embedded", s.environment());
        assertEquals(Duration.ofDays(730), s.credentialsLifetime());
        assertTrue(s.toString().contains("127.0.0.1:8444"));
        assertTrue(!s.toString().contains("secret"), "no password in logs");
    }

    @Test
    void cloudUrlOverridesAndCustomNeedsIt() {
        Map<String, Object> m = minimal();
        m.put("environment", "custom");
        m.put("cloud_url", "https://rms.contoso.example/");
        assertEquals(URI.create("https://rms.contoso.example"), Configs.settings(m).cloudBase());
        assertEquals("custom", Configs.settings(m).environment());
        m.put("environment", "embedded");
        assertEquals(URI.create("https://rms.contoso.example"), Configs.settings(m).cloudBase(), "the override wins");
        assertEquals("custom", Configs.settings(m).environment(), "what is in use is the custom URL");

        assertTrue(refused(Map.of("environment", "custom")).getMessage().contains("cloud.url"));
        assertTrue(refused(Map.of("environment", "gcc-high")).getMessage().contains("unknown cloud environment"));
        assertTrue(refused(Map.of("environment", "custom", "cloud_url", "http://rms.contoso.example"))
                .getMessage().contains("https"), "TLS toward the cloud, always");
        assertTrue(refused(Map.of("cloud_url", "https://user:pw@rms.contoso.example")).getMessage()
                .contains("no user"));
    }

    @Test
    void eachMistakeIsNamed() {
        Map<String, Object> noPassword = new HashMap<>(minimal());
        noPassword.remove("_credentials_password");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Configs.settings(noPassword));
        assertTrue(e.getMessage().contains(".credentials.password"), e.getMessage());
        Map<String, Object> noHome = new HashMap<>(minimal());
        noHome.remove("credentials_dir");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Configs.settings(noHome)).getMessage()
                .contains("rms.home"));
        assertTrue(refused(Map.of("retry_attempts", 0)).getMessage().contains("retry.attempts"));
        assertTrue(refused(Map.of("connect_timeout_ms", 0L)).getMessage().contains("connect.timeout.ms"));
        assertTrue(refused(Map.of("registration_user", "admin@contoso.com")).getMessage()
                .contains("registration.password.file"));
        assertTrue(refused(Map.of("policy_wait_seconds", 60)).getMessage().contains("policy.wait.seconds"));
        assertTrue(refused(Map.of("proxy_user", "u")).getMessage().contains("proxy.host"));
        assertTrue(refused(Map.of("proxy_host", "proxy", "proxy_user", "u")).getMessage()
                .contains(".proxy.password"));
        assertTrue(refused(Map.of("proxy_host", "proxy", "proxy_port", 0)).getMessage().contains("proxy.port"));
    }

    @Test
    void proxyCredentialsTheJvmWouldNotSendAreRefusedNamingTheOption() {
        ProxySettings proxy = ProxySettings.of("proxy.contoso.example", 3128, "svc-rms", "pw");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> proxy.checkTunnellingAllowsBasic("Basic"));
        assertTrue(e.getMessage().contains("-Djdk.http.auth.tunneling.disabledSchemes="), e.getMessage());
        assertThrows(IllegalStateException.class, () -> proxy.checkTunnellingAllowsBasic("NTLM, basic"));
        assertDoesNotThrow(() -> proxy.checkTunnellingAllowsBasic(""));
        assertDoesNotThrow(() -> proxy.checkTunnellingAllowsBasic("NTLM"));
        assertDoesNotThrow(() -> ProxySettings.of("proxy", 3128, "", "").checkTunnellingAllowsBasic("Basic"),
                "an open proxy needs no option");
        // this test JVM is started as bin/rms-connector must start a node that uses proxy credentials
        assertEquals("", ProxySettings.effectiveDisabledSchemes());
    }

    @Test
    void proxyCredentialsGoOnlyToTheProxyAsBasic() {
        ProxySettings proxy = ProxySettings.of("proxy.contoso.example", 3128, "svc-rms", "p@ss:word");
        assertEquals("Basic " + Base64.getEncoder().encodeToString("svc-rms:p@ss:word".getBytes(
                StandardCharsets.UTF_8)), proxy.authorizationHeader());
        assertNull(ProxySettings.of("proxy", 3128, null, null).authorizationHeader());
        assertEquals("proxy.contoso.example:3128 as svc-rms", proxy.toString(), "no password in logs");
    }

    @Test
    void theCredentialsLifetimeIsSetInDaysAndPositive() {
        Map<String, Object> m = minimal();
        m.put("credentials_lifetime_days", 90);
        assertEquals(Duration.ofDays(90), Configs.settings(m).credentialsLifetime());
        assertTrue(refused(Map.of("credentials_lifetime_days", 0)).getMessage().contains("credentials.lifetime.days"));
    }
}

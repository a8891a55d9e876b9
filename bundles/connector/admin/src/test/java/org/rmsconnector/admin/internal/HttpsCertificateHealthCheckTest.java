package org.rmsconnector.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.testing.Configs;

class HttpsCertificateHealthCheckTest {
    static final String LB = "https://rmsconnector.contoso.com";

    @TempDir
    static Path dir;
    static Path good;
    static Path wildcard;
    static Path soon;
    static Path expired;
    static Path selfSigned;

    @BeforeAll
    static void keyStores() throws Exception {
        good = Keytool.caSigned(dir, "good.p12", "dns:rmsconnector.contoso.com,dns:node1.contoso.com", 365);
        wildcard = Keytool.caSigned(dir, "wildcard.p12", "dns:*.contoso.com", 365);
        soon = Keytool.caSigned(dir, "soon.p12", "dns:rmsconnector.contoso.com", 10);
        expired = Keytool.selfSigned(dir, "expired.p12", "CN=rmsconnector.contoso.com", null, "-400d", 30);
        selfSigned = Keytool.selfSigned(dir, "self.p12", "CN=node1", "dns:node1.contoso.com", null, 365);
    }

    @Test
    void aValidCaCertificateForTheLoadBalancedNameIsOk() {
        Result r = check(good, LB);
        assertEquals(Result.Status.OK, r.getStatus(), messages(r));
        assertTrue(messages(r).contains("names the load-balanced host rmsconnector.contoso.com"), messages(r));
        assertEquals(Result.Status.OK, check(wildcard, LB).getStatus(), "*.contoso.com covers it");
    }

    @Test
    void expiringSoonIsAWarningThatSaysHowToFixIt() {
        Result r = check(soon, LB);
        assertEquals(Result.Status.WARN, r.getStatus(), messages(r));
        assertTrue(messages(r).contains("expires in"), messages(r));
        assertTrue(messages(r).contains("renew it"), messages(r));
    }

    @Test
    void expiredIsCritical() {
        Result r = check(expired, LB);
        assertEquals(Result.Status.CRITICAL, r.getStatus(), messages(r));
        assertTrue(messages(r).contains("expired on"), messages(r));
    }

    @Test
    void selfSignedAndWrongNamesAreWarnings() {
        Result r = check(selfSigned, LB);
        assertEquals(Result.Status.WARN, r.getStatus(), messages(r));
        assertTrue(messages(r).contains("self-signed"), messages(r));
        assertTrue(messages(r).contains("does not name the load-balanced host rmsconnector.contoso.com"),
                messages(r));
        assertTrue(messages(r).contains("[node1.contoso.com]"), "SAN DNS, not the CN: " + messages(r));
        Result other = check(good, "https://rms.fabrikam.com");
        assertEquals(Result.Status.WARN, other.getStatus());
    }

    @Test
    void anUnsetLoadBalancedUrlIsAWarningNamingTheSetting() {
        Result r = check(good, null);
        assertEquals(Result.Status.WARN, r.getStatus(), messages(r));
        assertTrue(messages(r).contains("set loadBalancedUrl in etc/org.rmsconnector.admin.cfg"), messages(r));
    }

    @Test
    void anUnreadableOrMissingKeyStoreOrHttpsOffIsCritical() {
        MemoryConfigAdmin cm = config(good, LB);
        cm.secrets.put("tls-password", "wrong");
        assertCritical(cm, "cannot read the HTTPS key store");
        assertCritical(config(dir.resolve("missing.p12"), LB), "cannot read the HTTPS key store");
        MemoryConfigAdmin off = config(good, LB);
        off.stored.get("org.apache.felix.http").put("org.apache.felix.https.enable", "false");
        assertCritical(off, "HTTPS is off");
        assertCritical(new MemoryConfigAdmin(), "HTTPS is off");
    }

    private static void assertCritical(MemoryConfigAdmin cm, String expected) {
        Result r = new HttpsCertificateHealthCheck(cm.service(), k -> null, Clock.systemUTC(), Configs.of(AdminConfiguration.class, 
                Map.of("loadBalancedUrl", LB))).execute();
        assertEquals(Result.Status.CRITICAL, r.getStatus(), messages(r));
        assertTrue(messages(r).contains(expected), messages(r));
    }

    private static Result check(Path keystore, String loadBalanced) {
        Map<String, Object> admin = new HashMap<>();
        if (loadBalanced != null) {
            admin.put("loadBalancedUrl", loadBalanced);
        }
        return new HttpsCertificateHealthCheck(config(keystore, loadBalanced).service(), k -> null,
                Clock.systemUTC(), Configs.of(AdminConfiguration.class, admin)).execute();
    }

    /** The HTTP configuration as etc/org.apache.felix.http.cfg has it: the password through a secret. */
    static MemoryConfigAdmin config(Path keystore, String unused) {
        MemoryConfigAdmin cm = new MemoryConfigAdmin();
        cm.secrets.put("tls-password", Keytool.PASSWORD);
        cm.put("org.apache.felix.http", Map.of("org.apache.felix.https.enable", "true",
                "org.apache.felix.https.keystore", keystore.toString(), "org.apache.felix.https.keystore.type",
                "PKCS12", "org.apache.felix.https.keystore.password", "$[secret:tls-password]"));
        return cm;
    }

    static String messages(Result r) {
        StringBuilder out = new StringBuilder();
        for (ResultLog.Entry e : r) {
            out.append(e.getStatus()).append(' ').append(e.getMessage()).append('\n');
        }
        return out.toString();
    }

}

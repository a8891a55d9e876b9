package org.rmsconnector.tls.refusals.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reporting trust manager around the JDK's own PKIX trust manager and a trust store holding one client CA: each
 * refusal is the JDK's (the same exception comes out) and is reported with what an administrator needs.
 */
class ReportingTrustManagerTest {
    private static final String LISTENER = "127.0.0.1:8443";
    private static TestPki pki;
    private static KeyStore trustStore;

    private final RecordingSink sink = new RecordingSink();

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.get();
        trustStore = TestPki.load(pki.clientTrustStore);
    }

    @Test
    void anUntrustedCertificateIsReportedAsUntrustedAndTheJdksRefusalThrown() throws Exception {
        assertRefused(pki.untrusted, RefusalReason.UNTRUSTED, "PKIX path building failed");
    }

    @Test
    void anExpiredCertificateIsReportedAsExpiredAndTheJdksRefusalThrown() throws Exception {
        assertRefused(pki.expired, RefusalReason.EXPIRED, "validity check failed");
    }

    @Test
    void aCertificateNotYetValidIsReportedAsSuch() throws Exception {
        assertRefused(pki.notYetValid, RefusalReason.NOT_YET_VALID, "validity check failed");
    }

    @Test
    void aCertificateWithoutTheClientAuthenticationUsageIsReportedAsWrongUsageAndTheJdksRefusalThrown()
            throws Exception {
        assertRefused(pki.wrongUsage, RefusalReason.WRONG_USAGE, "Extended key usage");
    }

    @Test
    void aTrustedCertificatePassesAndIsNotReported() throws Exception {
        manager().checkClientTrusted(chain(pki.good), "EC");
        assertEquals(List.of(), sink.all());
    }

    @Test
    void serverCertificatesAreNotThisListenersBusiness() throws Exception {
        X509ExtendedTrustManager manager = manager();
        assertThrows(CertificateException.class, () -> manager.checkServerTrusted(chain(pki.untrusted), "EC"));
        assertEquals(List.of(), sink.all(), "a server certificate refused is not a refused client");
    }

    @Test
    void aFailingReportNeverChangesTheDecision() throws Exception {
        X509ExtendedTrustManager manager = manager(refusal -> {
            throw new IllegalStateException("the journal is broken");
        });
        CertificateException e = assertThrows(CertificateException.class,
                () -> manager.checkClientTrusted(chain(pki.expired), "EC"));
        assertTrue(e.getMessage().contains("validity check failed"), e.getMessage());
        manager.checkClientTrusted(chain(pki.good), "EC"); // and a good one still passes
    }

    @Test
    void theJcaProviderHandsOutReportingManagersUnderTheNameItWasGiven() throws Exception {
        RefusalReportingProvider provider = new RefusalReportingProvider();
        String algorithm = provider.register(LISTENER, "PKIX", sink);
        Security.addProvider(provider);
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(algorithm);
            assertSame(provider, factory.getProvider());
            factory.init(trustStore);
            X509ExtendedTrustManager manager = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
            assertThrows(CertificateException.class, () -> manager.checkClientTrusted(chain(pki.untrusted), "EC"));
            assertEquals(RefusalReason.UNTRUSTED, sink.all().get(0).reason());
            assertEquals(pki.ca.getSubjectX500Principal(), manager.getAcceptedIssuers()[0].getSubjectX500Principal(),
                    "the CAs named to clients are the trust store's");

            provider.unregister(algorithm);
            assertTrue(provider.unused());
            assertThrows(java.security.NoSuchAlgorithmException.class, () -> TrustManagerFactory.getInstance(
                    algorithm));
        } finally {
            Security.removeProvider(RefusalReportingProvider.NAME);
        }
    }

    @Test
    void thePeerIsTheAddressTheListenersEngineWasMadeFor() throws Exception {
        SSLEngine v4 = SSLContext.getDefault().createSSLEngine("203.0.113.9", 50123);
        SSLEngine v6 = SSLContext.getDefault().createSSLEngine("2001:db8::7", 443);
        assertEquals("203.0.113.9:50123", Refusal.peer(v4));
        assertEquals("[2001:db8::7]:443", Refusal.peer(v6));
        assertEquals("unknown", Refusal.peer(SSLContext.getDefault().createSSLEngine()));
        assertEquals("unknown", Refusal.peer((SSLEngine) null));
    }

    @Test
    void namesFromTheCertificateAreCutAndCannotHideCharacters() {
        assertEquals("CN=a\\u202eb\\u000a", Refusal.cut("CN=a\u202eb\n", 100));
        String cut = Refusal.cut("x".repeat(1000), 10);
        assertEquals(10, cut.length());
        assertTrue(cut.endsWith("\u2026"));
        assertEquals("CN=short", Refusal.cut("CN=short", 8));
    }

    private void assertRefused(X509Certificate certificate, RefusalReason reason, String jdkSays) throws Exception {
        X509ExtendedTrustManager manager = manager();
        CertificateException thrown = assertThrows(CertificateException.class,
                () -> manager.checkClientTrusted(chain(certificate), "EC"));
        assertTrue(thrown.getMessage().contains(jdkSays), "the JDK's own refusal: " + thrown);
        assertEquals(1, sink.all().size(), "reported once");
        Refusal refusal = sink.all().get(0);
        assertEquals(reason, refusal.reason());
        assertEquals(certificate.getSubjectX500Principal().getName(), refusal.subject());
        assertEquals(certificate.getIssuerX500Principal().getName(), refusal.issuer());
        assertEquals(certificate.getSerialNumber().toString(16), refusal.serial());
        assertEquals(LISTENER, refusal.listener());
        assertEquals(thrown.getMessage(), refusal.detail());
    }

    private X509ExtendedTrustManager manager() throws Exception {
        return manager(sink);
    }

    private static X509ExtendedTrustManager manager(RefusalSink to) throws Exception {
        ReportingTrustManagerFactory factory = new ReportingTrustManagerFactory("PKIX", LISTENER, to);
        factory.engineInit(trustStore);
        TrustManager[] managers = factory.engineGetTrustManagers();
        assertEquals(1, managers.length);
        return (X509ExtendedTrustManager) managers[0];
    }

    /** What a client sends: its certificate and the CA that issued it. */
    private static X509Certificate[] chain(X509Certificate leaf) {
        X509Certificate issuer = leaf.getIssuerX500Principal().equals(pki.ca.getSubjectX500Principal()) ? pki.ca
                : pki.rogueCa;
        return new X509Certificate[] {leaf, issuer};
    }
}

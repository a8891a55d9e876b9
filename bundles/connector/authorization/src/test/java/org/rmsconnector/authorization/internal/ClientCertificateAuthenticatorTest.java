package org.rmsconnector.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.auth.AuthenticationException;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.auth.Credentials;
import org.rmsconnector.testing.Configs;
import org.rmsconnector.testing.MutableClock;

/** Real certificates, made by keytool for this test: a trusted CA, an untrusted one, and leaves issued by both. */
class ClientCertificateAuthenticatorTest {
    private static final String REMOTE = "10.1.2.3";

    @TempDir
    static Path tmp;

    private static TestCertificates certs;
    private static Path trustStore;
    private static X509Certificate upn;
    private static X509Certificate upnAndDns;
    private static X509Certificate computer;
    private static X509Certificate hostCn;
    private static X509Certificate plainCn;
    private static X509Certificate untrusted;
    private static X509Certificate expired;
    private static X509Certificate notYetValid;
    private static X509Certificate serverOnly;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = new TestCertificates(tmp);
        trustStore = certs.trustStore("trust.p12", "PKCS12", certs.ca);
        upn = certs.trusted("CN=Alice Smith,OU=People,O=Contoso").upn("alice@contoso.com").issue();
        upnAndDns = certs.trusted("CN=svc-exchange").upn("svc-exchange@contoso.com", "exch02.contoso.com")
                .extendedKeyUsage("clientAuth").issue();
        computer = certs.trusted("CN=Exchange 01").dnsNames("exch01.contoso.com", "exch01").issue();
        hostCn = certs.trusted("CN=fs01.contoso.com,O=Contoso").issue();
        plainCn = certs.trusted("CN=svc-rms,O=Contoso").issue();
        untrusted = certs.untrusted("CN=exch01.contoso.com").dnsNames("exch01.contoso.com").issue();
        expired = certs.trusted("CN=old.contoso.com").validFrom("-20d", 10).issue();
        notYetValid = certs.trusted("CN=future.contoso.com").validFrom("+10d", 30).issue();
        serverOnly = certs.trusted("CN=web.contoso.com").extendedKeyUsage("serverAuth").issue();
    }

    private static ClientCertificateAuthenticator authenticator(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("truststore.path", trustStore.toString());
        props.put(".truststore.password", TestCertificates.PASSWORD);
        props.putAll(overrides);
        return new ClientCertificateAuthenticator(Configs.of(ClientCertificateConfiguration.class, props));
    }

    private static ClientCertificateAuthenticator authenticator() {
        return authenticator(Map.of());
    }

    private static Credentials presenting(boolean secure, X509Certificate... chain) {
        return new Credentials(List.of(chain), Map.of(), REMOTE, secure);
    }

    private static String account(ClientCertificateAuthenticator auth, X509Certificate... chain) throws Exception {
        return auth.authenticate(presenting(true, chain)).orElseThrow().account();
    }

    private static String refusal(ClientCertificateAuthenticator auth, X509Certificate... chain) {
        return assertThrows(AuthenticationException.class, () -> auth.authenticate(presenting(true, chain)))
                .getMessage();
    }

    @Test
    void theUserPrincipalNameInTheAlternativeNameIsTheAccount() throws Exception {
        Optional<Caller> caller = authenticator().authenticate(presenting(true, upn, certs.ca));
        assertEquals(Optional.of(new Caller("alice@contoso.com", REMOTE, "client-certificate", true)), caller);
    }

    @Test
    void theUserPrincipalNameWinsOverADnsName() throws Exception {
        assertEquals("svc-exchange@contoso.com", account(authenticator(), upnAndDns));
    }

    @Test
    void aDnsNameMapsToTheComputerAccount() throws Exception {
        assertEquals("EXCH01$", account(authenticator(), computer));
    }

    @Test
    void aCommonNameThatIsAHostNameMapsToTheComputerAccount() throws Exception {
        assertEquals("FS01$", account(authenticator(), hostCn));
    }

    @Test
    void hostNamesCanBeTakenAsTheyAre() throws Exception {
        ClientCertificateAuthenticator asIs = authenticator(Map.of("host.mapping", "AS_IS"));
        assertEquals("exch01.contoso.com", account(asIs, computer));
        assertEquals("fs01.contoso.com", account(asIs, hostCn));
    }

    @Test
    void otherwiseTheCommonNameIsTheAccount() throws Exception {
        assertEquals("svc-rms", account(authenticator(), plainCn));
    }

    @Test
    void theSecureChannelFlagAndAddressAreCarriedOver() throws Exception {
        Caller caller = authenticator().authenticate(presenting(false, computer)).orElseThrow();
        assertEquals(false, caller.secureChannel());
        assertEquals(REMOTE, caller.remoteAddress());
    }

    @Test
    void noCertificateIsNotThisAuthenticatorsKind() throws Exception {
        assertEquals(Optional.empty(), authenticator().authenticate(presenting(true)));
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefusedSayingWhatToDo() {
        String message = refusal(authenticator(), untrusted, certs.rogueCa);
        assertTrue(message.contains("is not trusted"), message);
        assertTrue(message.contains("Somebody Else's CA"), message);
        assertTrue(message.contains("add the issuing CA"), message);
    }

    @Test
    void aSelfSignedCaCertificateIsNotAClientIdentity() {
        String message = refusal(authenticator(), certs.rogueCa);
        assertTrue(message.contains("is not trusted"), message);
    }

    @Test
    void anExpiredCertificateIsRefusedSayingSo() {
        String message = refusal(authenticator(), expired, certs.ca);
        assertTrue(message.contains("expired on"), message);
        assertTrue(message.contains("CN=old.contoso.com"), message);
        assertTrue(message.contains("issue a new certificate"), message);
    }

    @Test
    void aCertificateNotYetValidIsRefusedSayingSo() {
        String message = refusal(authenticator(), notYetValid);
        assertTrue(message.contains("is not valid before"), message);
        assertTrue(message.contains("clocks"), message);
    }

    @Test
    void theValidityPeriodIsJudgedByTheClock() throws Exception {
        MutableClock later = new MutableClock(notYetValid.getNotBefore().toInstant().plusSeconds(60));
        ClientCertificateAuthenticator auth = new ClientCertificateAuthenticator(Configs.of(
                ClientCertificateConfiguration.class, Map.of("truststore.path", trustStore.toString(),
                        ".truststore.password", TestCertificates.PASSWORD)), later);
        assertEquals("FUTURE$", account(auth, notYetValid));
    }

    @Test
    void aCertificateOnlyForServersIsRefusedUnlessTheCheckIsOff() throws Exception {
        String message = refusal(authenticator(), serverOnly);
        assertTrue(message.contains("not for client authentication"), message);
        assertEquals("WEB$", account(authenticator(Map.of("require.client.auth.usage", false)), serverOnly));
    }

    @Test
    void aJksTrustStoreWorksToo() throws Exception {
        Path jks = certs.trustStore("trust.jks", "JKS", certs.ca);
        ClientCertificateAuthenticator auth = authenticator(Map.of("truststore.path", jks.toString(),
                "truststore.type", "JKS"));
        assertEquals("EXCH01$", account(auth, computer));
    }

    @Test
    void aPinnedServerCertificateIsTrustedWithoutItsCa() throws Exception {
        Path pinned = certs.trustStore("pinned.p12", "PKCS12", plainCn);
        ClientCertificateAuthenticator auth = authenticator(Map.of("truststore.path", pinned.toString()));
        assertEquals("svc-rms", account(auth, plainCn));
        assertTrue(refusal(auth, computer).contains("is not trusted"));
    }

    @Test
    void aNewCaInTheTrustStoreFileTakesEffectWithoutRestart() throws Exception {
        Path file = certs.trustStore("changing.p12", "PKCS12", certs.ca);
        ClientCertificateAuthenticator auth = authenticator(Map.of("truststore.path", file.toString()));
        assertTrue(refusal(auth, untrusted).contains("is not trusted"));
        Path replacement = certs.trustStore("changing-next.p12", "PKCS12", certs.ca, certs.rogueCa);
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals("EXCH01$", account(auth, untrusted));
    }

    @Test
    void revocationCheckingIsOffByDefaultAndRefusesAnUndeterminedStatusWhenOn() throws Exception {
        assertEquals("EXCH01$", account(authenticator(), computer, certs.ca));
        String message = refusal(authenticator(Map.of("revocation.enabled", true)), computer, certs.ca);
        assertTrue(message.contains("revocation status"), message);
        assertTrue(message.contains("revocation.enabled"), message);
    }

    @Test
    void withoutATrustStoreEveryCertificateIsRefusedNamingTheSetting() {
        ClientCertificateAuthenticator auth = new ClientCertificateAuthenticator(
                Configs.defaults(ClientCertificateConfiguration.class));
        String message = refusal(auth, computer);
        assertTrue(message.contains("no trust store is configured"), message);
        assertTrue(message.contains("truststore.path"), message);
    }

    @Test
    void aTrustStoreThatCannotBeReadIsNamed() {
        String message = refusal(authenticator(Map.of(".truststore.password", "wrong")), computer);
        assertTrue(message.contains("cannot be read"), message);
        assertTrue(message.contains(trustStore.toString()), message);
    }

    @Test
    void theNewConfigurationAppliesOnModified() throws Exception {
        ClientCertificateAuthenticator auth = authenticator();
        assertEquals("EXCH01$", account(auth, computer));
        auth.modified(Configs.of(ClientCertificateConfiguration.class, Map.of("truststore.path",
                trustStore.toString(), ".truststore.password", TestCertificates.PASSWORD, "host.mapping", "AS_IS")));
        assertEquals("exch01.contoso.com", account(auth, computer));
    }

    // --- a chain validated a moment ago is not validated again

    private static ClientCertificateAuthenticator authenticator(MutableClock clock, Path store) {
        return new ClientCertificateAuthenticator(Configs.of(ClientCertificateConfiguration.class, Map.of(
                "truststore.path", store.toString(), ".truststore.password", TestCertificates.PASSWORD)), clock);
    }

    @Test
    void aSteadyStreamFromOneServerIsValidatedOnce() throws Exception {
        ClientCertificateAuthenticator auth = authenticator(new MutableClock(Instant.now()), trustStore);
        for (int i = 0; i < 5; i++) {
            assertEquals("EXCH01$", account(auth, computer, certs.ca));
        }
        assertEquals(1, auth.validations());
        assertEquals("svc-rms", account(auth, plainCn));
        assertEquals(2, auth.validations(), "another chain is validated on its own");
        assertEquals("EXCH01$", account(auth, computer), "the same leaf without its CA is another chain");
        assertEquals(3, auth.validations());
    }

    @Test
    void aValidationCountsForFiveMinutes() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        ClientCertificateAuthenticator auth = authenticator(clock, trustStore);
        account(auth, computer);
        clock.advance(ValidatedChains.TTL.minusSeconds(1));
        account(auth, computer);
        assertEquals(1, auth.validations());
        clock.advance(Duration.ofSeconds(1));
        account(auth, computer);
        assertEquals(2, auth.validations(), "validated again after the time to live");
    }

    @Test
    void aValidationNeverCountsPastTheChainsExpiry() throws Exception {
        Instant notAfter = computer.getNotAfter().toInstant();
        MutableClock clock = new MutableClock(notAfter.minus(Duration.ofMinutes(2)));
        ValidatedChains chains = new ValidatedChains(clock);
        ByteBuffer fingerprint = ValidatedChains.fingerprint(List.of(computer));
        Set<TrustAnchor> anchors = Set.of(new TrustAnchor(certs.ca, null));
        chains.remember(fingerprint, List.of(computer), anchors);
        assertTrue(chains.validated(fingerprint, anchors));
        clock.advance(Duration.ofMinutes(2));
        assertFalse(chains.validated(fingerprint, anchors), "the certificate expired before the time to live");
        assertEquals(0, chains.size());
    }

    @Test
    void aNewConfigurationValidatesAgain() throws Exception {
        ClientCertificateAuthenticator auth = authenticator(new MutableClock(Instant.now()), trustStore);
        account(auth, computer);
        auth.modified(Configs.of(ClientCertificateConfiguration.class, Map.of("truststore.path",
                trustStore.toString(), ".truststore.password", TestCertificates.PASSWORD)));
        account(auth, computer);
        assertEquals(2, auth.validations());
    }

    @Test
    void aCaRemovedFromTheTrustStoreFileIsNoLongerTrustedAtOnce() throws Exception {
        Path file = certs.trustStore("shrinking.p12", "PKCS12", certs.ca, certs.rogueCa);
        ClientCertificateAuthenticator auth = authenticator(new MutableClock(Instant.now()), file);
        assertEquals("EXCH01$", account(auth, untrusted));
        assertEquals("EXCH01$", account(auth, untrusted));
        assertEquals(1, auth.validations());
        Path replacement = certs.trustStore("shrinking-next.p12", "PKCS12", certs.ca);
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(refusal(auth, untrusted).contains("is not trusted"));
        assertEquals(2, auth.validations());
    }

    @Test
    void aRefusedChainIsNotRemembered() throws Exception {
        ClientCertificateAuthenticator auth = authenticator(new MutableClock(Instant.now()), trustStore);
        refusal(auth, untrusted);
        refusal(auth, untrusted);
        assertEquals(2, auth.validations());
    }
}

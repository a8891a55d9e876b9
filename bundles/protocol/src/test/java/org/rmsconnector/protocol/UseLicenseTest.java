package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.NOW;
import static org.rmsconnector.protocol.Fixtures.TENANT_ID;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import com.nimbusds.jose.JWSObject;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class UseLicenseTest {

    /** The whole chain: client publishes, service issues a use license from the PL, client opens it. */
    @Test
    void serviceRewrapsTheKeyToTheHolder() throws Exception {
        byte[] key = ContentKeys.generate();
        PublishingLicense pl = PublishingLicense.verify(Fixtures.publishingLicense(key).compact(), Fixtures.tenantPublic());
        ServerCertificate cert = ServerCertificate.verify(Fixtures.exchangeCertificate().compact(),
                Fixtures.tenantPublic(), NOW);

        byte[] serviceSide = pl.unwrapContentKey(Fixtures.tenantPrivate());
        UseLicense.Terms terms = new UseLicense.Terms(TENANT_ID, pl.contentId(), cert.subject(), "bob@contoso.com",
                EnumSet.of(Right.VIEW, Right.PRINT), NOW, NOW.plus(Duration.ofDays(pl.offlineDays())));
        UseLicense issued = UseLicense.issue(terms, serviceSide, cert.publicKey().publicKey(), Fixtures.tenantPrivate(),
                Fixtures.tenantKid());
        assertEquals(UseLicense.TYPE, JWSObject.parse(issued.compact()).getHeader().getType().getType());
        assertTrue(JWSObject.parse(issued.compact()).getPayload().toString().contains("\"rts\":[\"VIEW\",\"PRINT\"]"));

        UseLicense ul = UseLicense.verify(issued.compact(), Fixtures.tenantPublic(), NOW.plusSeconds(10));
        assertEquals(terms, ul.terms());
        assertEquals("bob@contoso.com", ul.terms().onBehalfOf());
        assertArrayEquals(key, ul.unwrapContentKey(Fixtures.SERVER.getPrivate()));
        assertTrue(ul.allows(Right.VIEW));
        assertFalse(ul.allows(Right.EDIT));
        assertEquals(Fixtures.tenantKid(), ul.tenantKid());
    }

    @Test
    void ownerImpliesEverything() throws Exception {
        UseLicense ul = issue(EnumSet.of(Right.OWNER), NOW.plusSeconds(3600));
        for (Right r : Right.values()) {
            assertTrue(ul.allows(r), r.name());
        }
        assertNull(ul.terms().onBehalfOf());
    }

    @Test
    void refusesExpiredNotYetValidAndWrongHolderKey() throws Exception {
        UseLicense ul = issue(EnumSet.of(Right.VIEW), NOW.plusSeconds(3600));
        assertRefused(Reason.EXPIRED, () -> UseLicense.verify(ul.compact(), Fixtures.tenantPublic(), NOW.plusSeconds(7200)));
        assertRefused(Reason.NOT_YET_VALID,
                () -> UseLicense.verify(ul.compact(), Fixtures.tenantPublic(), NOW.minusSeconds(7200)));
        assertRefused(Reason.WRONG_KEY, () -> ul.unwrapContentKey(Fixtures.OTHER_SERVER.getPrivate()));
        assertRefused(Reason.WRONG_TYPE, () -> UseLicense.verify(Fixtures.publishingLicense(ContentKeys.generate())
                .compact(), Fixtures.tenantPublic(), NOW));
    }

    private static UseLicense issue(EnumSet<Right> rights, java.time.Instant exp) throws ProtocolException {
        UseLicense.Terms t = new UseLicense.Terms(TENANT_ID, PublishingLicense.newContentId(), "CONTOSO\\FS01$", null,
                rights, NOW, exp);
        return UseLicense.issue(t, ContentKeys.generate(), Fixtures.serverPublic(), Fixtures.tenantPrivate(),
                Fixtures.tenantKid());
    }
}

package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.function.Executable;

/**
 * Keys and objects shared by the tests of the formats (this bundle, rms-channel and rms-protected-file, through
 * this module's test jar); RSA-3072 generation is slow, so once per JVM.
 */
public final class Fixtures {

    public static final String TENANT_ID = "6f1c1c2e-4b1a-4f0e-9a51-3d0b7b8e2c11";
    public static final KeyPair TENANT = Keys.generateRsaKeyPair();
    public static final KeyPair OTHER_TENANT = Keys.generateRsaKeyPair();
    public static final KeyPair SERVER = Keys.generateRsaKeyPair();
    public static final KeyPair OTHER_SERVER = Keys.generateRsaKeyPair();
    public static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private Fixtures() {
    }

    public static RSAPublicKey tenantPublic() {
        return (RSAPublicKey) TENANT.getPublic();
    }

    public static PrivateKey tenantPrivate() {
        return TENANT.getPrivate();
    }

    public static String tenantKid() {
        return Keys.thumbprint(tenantPublic());
    }

    public static RSAPublicKey serverPublic() {
        return (RSAPublicKey) SERVER.getPublic();
    }

    public static ServerCertificate exchangeCertificate() throws ProtocolException {
        return ServerCertificate.issue(tenantPrivate(), tenantKid(), TENANT_ID, "CONTOSO\\EXCH01$",
                ServerCertificate.ROLE_EXCHANGE, PublicJwk.of(serverPublic()), NOW, NOW.plus(Duration.ofDays(365)));
    }

    public static PublishingLicense publishingLicense(byte[] contentKey) throws ProtocolException {
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com",
                Policy.template("2f9a1c3e-7b4d-4e61-9c0a-5d8e3b2f1a47"), null, 7, contentKey, tenantPublic());
        return PublishingLicense.sign(d, TENANT_ID, NOW, tenantPrivate(), tenantKid());
    }

    public static ProtocolException assertRefused(Reason expected, Executable e) {
        ProtocolException x = assertThrows(ProtocolException.class, e);
        assertEquals(expected, x.reason(), () -> "wrong reason; message: " + x.getMessage());
        return x;
    }
}

package org.rmsconnector.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.function.Executable;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.Reason;
import org.rmsconnector.protocol.ServerCertificate;

/** Keys and objects shared by the tests; RSA-3072 generation is slow, so once per JVM. */
final class Fixtures {

    static final String TENANT_ID = "6f1c1c2e-4b1a-4f0e-9a51-3d0b7b8e2c11";
    static final KeyPair TENANT = Keys.generateRsaKeyPair();
    static final KeyPair OTHER_TENANT = Keys.generateRsaKeyPair();
    static final KeyPair SERVER = Keys.generateRsaKeyPair();
    static final KeyPair OTHER_SERVER = Keys.generateRsaKeyPair();
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private Fixtures() {
    }

    static RSAPublicKey tenantPublic() {
        return (RSAPublicKey) TENANT.getPublic();
    }

    static PrivateKey tenantPrivate() {
        return TENANT.getPrivate();
    }

    static String tenantKid() {
        return Keys.thumbprint(tenantPublic());
    }

    /** A JWS of another type (a server certificate), to check that a verifier refuses it. */
    static ServerCertificate exchangeCertificate() throws ProtocolException {
        return ServerCertificate.issue(tenantPrivate(), tenantKid(), TENANT_ID, "CONTOSO\\EXCH01$",
                ServerCertificate.ROLE_EXCHANGE, PublicJwk.of((RSAPublicKey) SERVER.getPublic()), NOW,
                NOW.plus(Duration.ofDays(365)));
    }

    static ProtocolException assertRefused(Reason expected, Executable e) {
        ProtocolException x = assertThrows(ProtocolException.class, e);
        assertEquals(expected, x.reason(), () -> "wrong reason; message: " + x.getMessage());
        return x;
    }
}

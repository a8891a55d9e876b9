package org.rmsconnector.protectedfile;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishingLicense;

/** The tenant key and a publishing license for the files the tests write; RSA-3072 generation is slow, so once. */
final class Fixtures {

    static final String TENANT_ID = "6f1c1c2e-4b1a-4f0e-9a51-3d0b7b8e2c11";
    static final KeyPair TENANT = Keys.generateRsaKeyPair();
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private Fixtures() {
    }

    static RSAPublicKey tenantPublic() {
        return (RSAPublicKey) TENANT.getPublic();
    }

    static PrivateKey tenantPrivate() {
        return TENANT.getPrivate();
    }

    static PublishingLicense publishingLicense(byte[] contentKey) throws ProtocolException {
        PublishingLicense.Draft d = PublishingLicense.Draft.create("alice@contoso.com",
                Policy.template("2f9a1c3e-7b4d-4e61-9c0a-5d8e3b2f1a47"), null, 7, contentKey, tenantPublic());
        return PublishingLicense.sign(d, TENANT_ID, NOW, tenantPrivate(), Keys.thumbprint(tenantPublic()));
    }
}

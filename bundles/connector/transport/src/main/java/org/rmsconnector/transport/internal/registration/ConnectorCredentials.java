package org.rmsconnector.transport.internal.registration;

import java.net.URI;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Objects;

import org.rmsconnector.protocol.Keys;
import org.rmsconnector.protocol.PublicJwk;

/**
 * What a registered connector holds: its id in the tenant, its RSA key pair (the private half signs every actor
 * assertion), and the tenant public key it pinned at registration (it verifies the signed authorized-servers
 * list). {@link #toString()} never shows the private key.
 */
public final class ConnectorCredentials {

    private final String connectorId;
    private final String name;
    private final URI cloudUrl;
    private final KeyPair keyPair;
    private final PublicJwk tenantKey;
    private final Instant registeredAt;
    private final String kid;

    public ConnectorCredentials(String connectorId, String name, URI cloudUrl, KeyPair keyPair, PublicJwk tenantKey,
            Instant registeredAt) {
        this.connectorId = requireText(connectorId, "connectorId");
        this.name = requireText(name, "name");
        this.cloudUrl = Objects.requireNonNull(cloudUrl, "cloudUrl");
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        if (!(keyPair.getPublic() instanceof RSAPublicKey pub)) {
            throw new IllegalArgumentException("the connector key must be RSA");
        }
        this.tenantKey = Objects.requireNonNull(tenantKey, "tenantKey");
        this.registeredAt = Objects.requireNonNull(registeredAt, "registeredAt");
        this.kid = Keys.thumbprint(pub);
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return s;
    }

    /** The id the cloud gave this connector ({@code iss} of its assertions). */
    public String connectorId() {
        return connectorId;
    }

    /** The name it registered under. */
    public String name() {
        return name;
    }

    /** The cloud it registered with. */
    public URI cloudUrl() {
        return cloudUrl;
    }

    /** The connector's public key. */
    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    /** The connector's private key: signs actor assertions, nothing else. */
    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** The RFC 7638 thumbprint of the connector key ({@code kid} of its assertions). */
    public String kid() {
        return kid;
    }

    /** The pinned tenant public key. */
    public PublicJwk tenantKey() {
        return tenantKey;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    @Override
    public String toString() {
        return "ConnectorCredentials[id=" + connectorId + ", name=" + name + ", cloud=" + cloudUrl + ", kid=" + kid
                + ", tenantKid=" + tenantKey.kid() + ", private key=(redacted)]";
    }
}

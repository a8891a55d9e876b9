package org.rmsconnector.client.internal;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.rmsconnector.protocol.LicenseSigningKey;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.ServerCertificate;

/**
 * The holder key with the server certificate the service issued for it, and the licensor
 * chain: the tenant keys that publishing and use licenses are verified with.
 *
 * @param holder        the holder key pair
 * @param certificate   the verified server certificate of the holder key
 * @param licensorChain tenant public keys; the first signed the certificate
 * @param licenseSigningKey the tenant's EC key for use licenses (ES256), verified against the licensor
 *                      chain; null when the tenant signs use licenses with its RSA key
 */
record Certified(KeyPair holder, ServerCertificate certificate, List<PublicJwk> licensorChain,
        LicenseSigningKey licenseSigningKey) {

    /**
     * A certificate this close to its end is renewed before use, so that it does not expire
     * between our check and the service's.
     */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    Certified {
        licensorChain = List.copyOf(licensorChain);
    }

    /** The tenant key that new content is wrapped to: the one that signed our certificate. */
    RSAPublicKey currentTenantKey() {
        return licensorChain.get(0).publicKey();
    }

    /** The tenant key with thumbprint {@code kid}, if the chain has it. */
    Optional<RSAPublicKey> tenantKey(String kid) {
        return licensorChain.stream().filter(k -> k.kid().equals(kid)).map(PublicJwk::publicKey).findFirst();
    }

    /**
     * The key a use license naming {@code kid} is verified with: a licensor-chain key (PS256/RS256) or the
     * tenant's endorsed license signing key (ES256).
     */
    Optional<PublicKey> useLicenseKey(String kid) {
        if (licenseSigningKey != null && licenseSigningKey.kid().equals(kid)) {
            return Optional.of(licenseSigningKey.publicKey());
        }
        return tenantKey(kid).map(k -> k);
    }

    /** Whether the certificate is still good for a while at {@code now}. */
    boolean freshAt(Instant now) {
        return now.plus(RENEW_BEFORE).isBefore(certificate.expiresAt());
    }
}

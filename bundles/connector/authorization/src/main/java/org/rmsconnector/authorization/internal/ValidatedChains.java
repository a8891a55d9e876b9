package org.rmsconnector.authorization.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client-certificate chains that passed PKIX validation a moment ago, so a steady stream of requests from one server
 * does not pay for validating its chain again on every request (the TLS handshake validated it already; the chain
 * is validated here once more against the authenticator's own trust store and revocation setting).
 *
 * <p>A chain is known by the SHA-256 of its certificates' encodings, in order. A validation is reused for at most
 * {@link #TTL} and never past the earliest {@code notAfter} in the chain, and only against the very trust anchors
 * it was made with: when the trust store file is read again (a CA added or removed), nothing validated before
 * counts. A new configuration makes a new instance, so it starts empty. With revocation checking on, a certificate
 * revoked meanwhile is accepted for at most the time to live. Bounded: the least recently used chain goes first.
 */
final class ValidatedChains {
    static final Duration TTL = Duration.ofMinutes(5);
    static final int MAX_CHAINS = 1024;

    /** One validation: the anchors it was made against, and until when it counts. */
    private record Validated(Set<TrustAnchor> anchors, Instant until) {
    }

    private final Clock clock;
    private final Map<ByteBuffer, Validated> chains = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Validated> eldest) {
            return size() > MAX_CHAINS;
        }
    };

    ValidatedChains(Clock clock) {
        this.clock = clock;
    }

    /** The key of a chain: SHA-256 over each certificate's length and encoding, in order. */
    static ByteBuffer fingerprint(List<X509Certificate> chain) throws CertificateEncodingException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) {
                byte[] der = certificate.getEncoded();
                sha256.update(ByteBuffer.allocate(4).putInt(der.length).array());
                sha256.update(der);
            }
            return ByteBuffer.wrap(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether the chain with this fingerprint was validated against exactly these anchors, and still counts. */
    boolean validated(ByteBuffer fingerprint, Set<TrustAnchor> anchors) {
        Instant now = clock.instant();
        synchronized (chains) {
            Validated v = chains.get(fingerprint);
            if (v == null) {
                return false;
            }
            if (v.anchors() != anchors || !now.isBefore(v.until())) {
                chains.remove(fingerprint);
                return false;
            }
            return true;
        }
    }

    /** The chain passed validation against these anchors just now. */
    void remember(ByteBuffer fingerprint, List<X509Certificate> chain, Set<TrustAnchor> anchors) {
        Instant until = clock.instant().plus(TTL);
        for (X509Certificate certificate : chain) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            if (notAfter.isBefore(until)) {
                until = notAfter;
            }
        }
        synchronized (chains) {
            chains.put(fingerprint, new Validated(anchors, until));
        }
    }

    int size() {
        synchronized (chains) {
            return chains.size();
        }
    }
}

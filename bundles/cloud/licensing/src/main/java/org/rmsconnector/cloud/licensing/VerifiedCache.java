package org.rmsconnector.cloud.licensing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signed objects this service has verified with its own tenant key, by their compact form: server certificates and
 * publishing licenses that come back with every license request. Verifying one costs an RSA-3072 public-key
 * operation and a JSON parse (~0.5 ms; a certificate also a JWK thumbprint), which for a one-item request was as
 * much as the rest of the work. A hit is safe: the compact form is the signed bytes, and the tenant key is fixed
 * for the life of the service. Whatever depends on time (a certificate's validity, a content's expiry) is still
 * checked by the caller on every request. Bounded (least recently used goes first); thread-safe.
 */
final class VerifiedCache<T> {

    /** Default bound: entries. */
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final Map<String, T> entries;

    VerifiedCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** What {@code compact} verified as, or null when it was not verified here (recently). */
    synchronized T get(String compact) {
        return entries.get(compact);
    }

    /** Remembers that {@code compact} verified as {@code verified}. */
    synchronized void put(String compact, T verified) {
        entries.put(compact, verified);
    }

    synchronized int size() {
        return entries.size();
    }
}

package org.rmsconnector.cloud.licensing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rmsconnector.cloud.api.CloudException;

/**
 * Content keys unwrapped from publishing licenses, kept briefly so that the next request for the same document
 * does not pay the RSA-OAEP unwrap (3.5 ms with a 3072-bit tenant key) again. It holds keys, never decisions:
 * rights are evaluated for every request and every user before a key is looked up.
 *
 * <ul>
 * <li>Keyed by the SHA-256 of the whole compact publishing license, whose signature the caller has verified: the
 * same digest means the same wrapped key, hence the same content key.</li>
 * <li>Bounded in size ({@code maxEntries}; the oldest entry goes first) and in age ({@code timeToLive} from the
 * unwrap, not from the last use, so a key leaves memory at the latest that long after it was unwrapped).</li>
 * <li>Every key leaving the cache (expiry, eviction, {@link #clear()}) is overwritten with zeros; callers get
 * copies, which they wipe themselves. Keys are never logged (no {@code toString} shows them) and never
 * persisted.</li>
 * </ul>
 * Thread-safe; the lock is held only for map operations, never during an unwrap.
 */
public final class ContentKeyCache {

    /** Default bound: entries. */
    public static final int DEFAULT_MAX_ENTRIES = 1000;
    /** Default bound: age. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(60);

    /** Unwraps a content key: the tenant's private-key operation the cache saves. */
    @FunctionalInterface
    interface Unwrapper {
        byte[] unwrap() throws CloudException;
    }

    private record Entry(byte[] key, Instant expires) {
    }

    private final int maxEntries;
    private final Duration timeToLive;
    private final Clock clock;
    // insertion order = expiry order, since every entry lives timeToLive from its insertion
    private final LinkedHashMap<Digest, Entry> entries = new LinkedHashMap<>();
    private long hits;
    private long misses;
    private final java.util.concurrent.atomic.AtomicLong unwraps = new java.util.concurrent.atomic.AtomicLong();

    public ContentKeyCache(int maxEntries, Duration timeToLive, Clock clock) {
        if (maxEntries < 0 || timeToLive.isNegative()) {
            throw new IllegalArgumentException("a cache bound cannot be negative");
        }
        this.maxEntries = maxEntries;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** The digest a publishing license is cached under. */
    static Digest digest(String publishingLicense) {
        try {
            return new Digest(MessageDigest.getInstance("SHA-256")
                    .digest(publishingLicense.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /**
     * A copy of the content key of {@code publishingLicense} (a verified compact JWS): from the cache, or unwrapped
     * now and cached. The caller owns the copy and wipes it.
     */
    byte[] contentKey(Digest publishingLicense, Unwrapper unwrapper) throws CloudException {
        byte[] cached = get(publishingLicense);
        if (cached != null) {
            return cached;
        }
        byte[] key = unwrapper.unwrap();
        unwraps.incrementAndGet();
        return keep(publishingLicense, key) ? key.clone() : key;
    }

    /** A copy of the cached key, or null (absent or expired: an expired entry is removed and wiped). */
    synchronized byte[] get(Digest publishingLicense) {
        expire(clock.instant());
        Entry e = entries.get(publishingLicense);
        if (e == null) {
            misses++;
            return null;
        }
        hits++;
        return e.key().clone();
    }

    /**
     * Caches {@code key} itself (the cache owns it from now on and wipes it when it leaves); the oldest entries go
     * when the cache is full. False when the cache keeps nothing (size or age bound zero): the caller keeps it.
     */
    private synchronized boolean keep(Digest publishingLicense, byte[] key) {
        if (maxEntries == 0 || timeToLive.isZero()) {
            return false;
        }
        Instant now = clock.instant();
        expire(now);
        Entry previous = entries.remove(publishingLicense);
        if (previous != null) {
            wipe(previous);
        }
        entries.put(publishingLicense, new Entry(key, now.plus(timeToLive)));
        Iterator<Entry> oldest = entries.values().iterator();
        while (entries.size() > maxEntries) {
            wipe(oldest.next());
            oldest.remove();
        }
        return true;
    }

    /** Wipes and drops every key (the service stops). */
    public synchronized void clear() {
        entries.values().forEach(ContentKeyCache::wipe);
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    /** Content keys unwrapped through this cache so far: the private-key operations it did not save. */
    public long unwraps() {
        return unwraps.get();
    }

    private void expire(Instant now) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (now.isBefore(e.expires())) {
                return; // the rest are younger
            }
            wipe(e);
            it.remove();
        }
    }

    private static void wipe(Entry e) {
        Arrays.fill(e.key(), (byte) 0);
    }

    /**
     * The keys of one request: a publishing license that several items (or recipients) share is unwrapped once,
     * through the shared cache; {@link #close()} wipes the request's copies.
     */
    Batch batch() {
        return new Batch();
    }

    final class Batch implements AutoCloseable {
        private final Map<Digest, byte[]> keys = new HashMap<>();

        /** The content key for this batch; owned by the batch: do not wipe or keep it. */
        byte[] contentKey(Digest publishingLicense, Unwrapper unwrapper) throws CloudException {
            byte[] key = keys.get(publishingLicense);
            if (key == null) {
                key = ContentKeyCache.this.contentKey(publishingLicense, unwrapper);
                keys.put(publishingLicense, key);
            }
            return key;
        }

        @Override
        public void close() {
            keys.values().forEach(k -> Arrays.fill(k, (byte) 0));
            keys.clear();
        }
    }

    /** A SHA-256 digest with value equality. */
    static final class Digest {
        private final byte[] bytes;
        private final int hash;

        private Digest(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && MessageDigest.isEqual(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "Digest[sha256]";
        }
    }
}

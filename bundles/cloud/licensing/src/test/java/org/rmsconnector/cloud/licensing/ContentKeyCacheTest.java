package org.rmsconnector.cloud.licensing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.rmsconnector.testing.MutableClock;

class ContentKeyCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private static ContentKeyCache.Unwrapper unwrapper(int fill) {
        return () -> key(fill);
    }

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void aMissUnwrapsAndAHitServesACopyWithoutUnwrapping() throws Exception {
        ContentKeyCache cache = new ContentKeyCache(10, Duration.ofSeconds(60), clock);
        ContentKeyCache.Digest pl = ContentKeyCache.digest("header.payload.signature-1");

        byte[] first = cache.contentKey(pl, unwrapper(1));
        assertArrayEquals(key(1), first);
        assertEquals(1, cache.unwraps());

        byte[] second = cache.contentKey(pl, () -> {
            throw new AssertionError("a cached key must not be unwrapped again");
        });
        assertArrayEquals(key(1), second);
        assertNotSame(first, second);
        Arrays.fill(second, (byte) 0); // the caller wipes its copy; the cache's stays intact
        assertArrayEquals(key(1), cache.get(pl));
        assertEquals(1, cache.unwraps());
        assertEquals(2, cache.hits());
    }

    @Test
    void anEntryExpiresItsTimeToLiveAfterTheUnwrapAndIsWiped() throws Exception {
        ContentKeyCache cache = new ContentKeyCache(10, Duration.ofSeconds(60), clock);
        ContentKeyCache.Digest pl = ContentKeyCache.digest("pl-expiring");
        byte[] stored = storedKeyOf(cache, pl, 7);

        clock.advance(Duration.ofSeconds(59));
        assertArrayEquals(key(7), cache.get(pl)); // a use does not extend its life
        clock.advance(Duration.ofSeconds(1));
        assertNull(cache.get(pl));
        assertArrayEquals(new byte[32], stored, "an expired key is overwritten with zeros");
        assertEquals(0, cache.size());
    }

    @Test
    void theOldestEntryIsEvictedAndWipedWhenTheCacheIsFull() throws Exception {
        ContentKeyCache cache = new ContentKeyCache(2, Duration.ofSeconds(60), clock);
        ContentKeyCache.Digest a = ContentKeyCache.digest("pl-a");
        ContentKeyCache.Digest b = ContentKeyCache.digest("pl-b");
        ContentKeyCache.Digest c = ContentKeyCache.digest("pl-c");
        byte[] storedA = storedKeyOf(cache, a, 1);
        byte[] storedB = storedKeyOf(cache, b, 2);
        cache.contentKey(c, unwrapper(3));

        assertEquals(2, cache.size());
        assertNull(cache.get(a));
        assertArrayEquals(new byte[32], storedA, "an evicted key is overwritten with zeros");
        assertArrayEquals(key(2), cache.get(b));
        assertArrayEquals(key(2), storedB);
        assertArrayEquals(key(3), cache.get(c));
    }

    @Test
    void clearWipesEveryKeyAndAZeroSizedCacheKeepsNothing() throws Exception {
        ContentKeyCache cache = new ContentKeyCache(10, Duration.ofSeconds(60), clock);
        byte[] stored = storedKeyOf(cache, ContentKeyCache.digest("pl-x"), 9);
        cache.clear();
        assertArrayEquals(new byte[32], stored);
        assertEquals(0, cache.size());

        ContentKeyCache off = new ContentKeyCache(0, Duration.ofSeconds(60), clock);
        ContentKeyCache.Digest pl = ContentKeyCache.digest("pl-y");
        off.contentKey(pl, unwrapper(4));
        off.contentKey(pl, unwrapper(4));
        assertEquals(2, off.unwraps());
    }

    @Test
    void aBatchUnwrapsEachLicenseOnceEvenWithoutTheCacheAndWipesItsKeysOnClose() throws Exception {
        ContentKeyCache off = new ContentKeyCache(0, Duration.ZERO, clock);
        ContentKeyCache.Digest pl = ContentKeyCache.digest("pl-batch");
        byte[] used;
        try (ContentKeyCache.Batch batch = off.batch()) {
            used = batch.contentKey(pl, unwrapper(5));
            for (int i = 0; i < 99; i++) {
                assertArrayEquals(key(5), batch.contentKey(pl, unwrapper(5)));
            }
            assertEquals(1, off.unwraps());
        }
        assertArrayEquals(new byte[32], used, "the batch wipes its keys when the request is answered");
    }

    /** Puts a key through the cache and returns the array it gave the cache, which the cache then owns. */
    private static byte[] storedKeyOf(ContentKeyCache cache, ContentKeyCache.Digest pl, int fill) throws Exception {
        byte[][] given = new byte[1][];
        byte[] copy = cache.contentKey(pl, () -> {
            given[0] = key(fill);
            return given[0];
        });
        assertNotSame(given[0], copy);
        return given[0];
    }
}

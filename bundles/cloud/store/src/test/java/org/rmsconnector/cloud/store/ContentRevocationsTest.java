package org.rmsconnector.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.model.ContentRevocation;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.testing.TestDatabase;

class ContentRevocationsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path tmp;

    private TestDatabase db;
    private CloudStore store;

    @BeforeEach
    void open() {
        db = TestDatabase.in(tmp);
        store = new CloudStore(new JdbcTxRunner(db.dataSource()), Clock.fixed(NOW, ZoneOffset.UTC));
        store.migrate();
    }

    @AfterEach
    void close() throws Exception {
        db.shutdown();
    }

    @Test
    void aRevocationIsStoredReplacedAndReinstated() {
        assertEquals(Optional.empty(), store.revocations().find("cid-1"));
        store.revocations().revoke(new ContentRevocation("cid-1", "Alice@contoso.com", NOW, false));
        ContentRevocation r = store.revocations().find("cid-1").orElseThrow();
        assertEquals("alice@contoso.com", r.revokedBy());
        assertEquals(NOW, r.revokedAt());
        assertFalse(r.allowSuperUsers());

        // revoking again replaces who, when and the super-user choice
        store.revocations().revoke(new ContentRevocation("cid-1", "admin@contoso.com", NOW.plusSeconds(5), true));
        assertEquals(new ContentRevocation("cid-1", "admin@contoso.com", NOW.plusSeconds(5), true),
                store.revocations().find("cid-1").orElseThrow());
        assertEquals(Optional.empty(), store.revocations().find("cid-2"));

        assertTrue(store.revocations().reinstate("cid-1"));
        assertFalse(store.revocations().reinstate("cid-1"));
        assertEquals(Optional.empty(), store.revocations().find("cid-1"));
    }

    @Test
    void trackingListsOneContentsRecordsInTimeOrderAndTheOwnerComesFromGrantsOnly() {
        store.usage().appendAll(List.of(
                record(NOW.plusSeconds(2), "AcquireLicense", "bob@contoso.com", "granted", "cid-1", "alice@contoso.com"),
                // a refused request may carry a forged license: its owner never counts
                record(NOW.plusSeconds(1), "AcquireLicense", "mallory@contoso.com", "BAD_SIGNATURE", "cid-1",
                        "mallory@contoso.com"),
                record(NOW.plusSeconds(3), "AcquireLicense", "carol@contoso.com", "not_granted", "cid-1",
                        "alice@contoso.com"),
                record(NOW, "AcquireLicense", "bob@contoso.com", "granted", "cid-2", "dave@contoso.com")));
        List<UsageRecord> track = store.usage().forContent("cid-1", 10);
        assertEquals(List.of("mallory@contoso.com", "bob@contoso.com", "carol@contoso.com"),
                track.stream().map(UsageRecord::user).toList());
        assertEquals(2, store.usage().forContent("cid-1", 2).size());
        assertEquals(Optional.of("alice@contoso.com"), store.usage().ownerOf("cid-1"));
        assertEquals(Optional.empty(), store.usage().ownerOf("cid-unknown"));
    }

    private static UsageRecord record(Instant at, String type, String user, String result, String cid, String owner) {
        return new UsageRecord(at, type, user, result, "corr", cid, owner, owner, null, null, "connector-1");
    }
}

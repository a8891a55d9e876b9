package org.rmsconnector.cloud.service.internal.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.JdbcTxRunner;
import org.rmsconnector.cloud.store.UsageQuery;
import org.rmsconnector.testing.TestDatabase;

/** A usage query of a real store, exported in the W3C format. */
class UsageExportTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private CloudStore store;

    @BeforeEach
    void open() {
        store = new CloudStore(new JdbcTxRunner(TestDatabase.in(tmp).dataSource()), CLOCK);
        store.migrate();
    }

    @Test
    void aUsageQueryExportsAsAW3cLog() {
        store.usage().appendAll(List.of(
                new UsageRecord(NOW, "AcquireLicense", "bob@contoso.com", "Success", "c1", "Q3 report.docx", null, null,
                        null, null, "node-1"),
                new UsageRecord(NOW.plusSeconds(1), "Certify", "carol@contoso.com", "Success", "c2", null, null, null,
                        null, null, "node-1")));
        StringWriter out = new StringWriter();

        new W3cUsageLogWriter("RMS Connector cloud").write(
                store.usage().query(UsageQuery.between(NOW, null, 10).forUser("bob@contoso.com")), NOW, out);

        List<String> lines = out.toString().lines().toList();
        assertEquals(5, lines.size(), out.toString());
        assertEquals("2026-11-25 10:00:00 AcquireLicense bob@contoso.com Success c1 Q3%20report.docx - - - - node-1",
                lines.get(4));
    }
}

package org.rmsconnector.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.model.UsageRecord;
import org.rmsconnector.testing.TestDatabase;

/** Runs every case on H2 and on PostgreSQL. */
class UsageWriterTest {

    @Nested
    class OnH2 extends Cases {
        OnH2() {
            super(TestDatabase.Kind.H2);
        }
    }

    @Nested
    class OnPostgreSQL extends Cases {
        OnPostgreSQL() {
            super(TestDatabase.Kind.POSTGRESQL);
        }
    }

    abstract static class Cases {

        final TestDatabase.Kind kind;

        Cases(TestDatabase.Kind kind) {
            this.kind = kind;
        }

        private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

        @TempDir
        Path folder;

        private static List<UsageRecord> rows(int n, String prefix) {
            List<UsageRecord> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new UsageRecord(NOW.plusMillis(i), "AcquireLicense", "bob@contoso.com", "granted",
                        prefix + i, "doc-" + i, null, null, null, null, "node-1"));
            }
            return out;
        }

        private CloudStore store(TestDatabase db) {
            CloudStore store = new CloudStore(new JdbcTxRunner(db.dataSource()), Clock.systemUTC());
            store.migrate();
            return store;
        }

        @Test
        void queuedRowsAreWrittenInBatchesAndFlushWaitsForThem() throws Exception {
            TestDatabase db = TestDatabase.in(kind, folder);
            CloudStore store = store(db);
            UsageWriter writer = store.usageWriter();
            writer.start();
            try {
                for (int i = 0; i < 12; i++) {
                    writer.submit(rows(100, "r" + i + "-"));
                }
                assertTrue(writer.flush(Duration.ofSeconds(30)), "flush must see every submitted row written");
                assertEquals(1200, db.count("usage_log"));
                assertEquals(0, writer.dropped());
                // a query flushes first: a row submitted just before is in its answer
                writer.submit(rows(1, "last-"));
                assertEquals(1201, store.usage().query(UsageQuery.between(null, null, 5000)).size());
            } finally {
                writer.close();
            }
        }

        @Test
        void closeWritesWhatIsQueuedAndLaterRowsAreWrittenAtOnce() throws Exception {
            TestDatabase db = TestDatabase.in(kind, folder);
            CloudStore store = store(db);
            UsageWriter writer = store.usageWriter();
            writer.start();
            writer.submit(rows(250, "a-"));
            writer.close();
            assertEquals(250, db.count("usage_log"), "deactivation flushes");
            writer.submit(rows(2, "after-")); // no thread any more: written by the caller
            assertEquals(252, db.count("usage_log"));
        }

        @Test
        void aFullQueueDropsAndCountsRowsAndNeverBlocksTheCaller() throws Exception {
            TestDatabase db = TestDatabase.in(kind, folder);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch writing = new CountDownLatch(1);
            // a database that hangs on the first write, holding the writer thread
            TxRunner slow = new TxRunner() {
                final JdbcTxRunner real = new JdbcTxRunner(db.dataSource());

                @Override
                public <T> T required(SqlWork<T> work) {
                    writing.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return real.required(work);
                }

                @Override
                public <T> T readOnly(SqlWork<T> work) {
                    return real.readOnly(work);
                }

                @Override
                public void afterCompletion(Runnable action) {
                    real.afterCompletion(action);
                }
            };
            new CloudStore(new JdbcTxRunner(db.dataSource()), Clock.systemUTC()).migrate();
            UsageWriter writer = new UsageWriter(new UsageLog(slow), 10);
            writer.start();
            try {
                writer.submit(rows(1, "first-"));
                assertTrue(writing.await(30, TimeUnit.SECONDS), "the writer took the first row");
                long start = System.nanoTime();
                writer.submit(rows(25, "more-")); // 10 fit, 15 are dropped
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "submitting never waits");
                assertEquals(15, writer.dropped());
                release.countDown();
                assertTrue(writer.flush(Duration.ofSeconds(30)));
                assertEquals(11, db.count("usage_log"));
            } finally {
                release.countDown();
                writer.close();
            }
        }
    }
}

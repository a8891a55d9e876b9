package org.rmsconnector.cloud.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.testing.TestDatabase;

/** Runs every case on H2 and on PostgreSQL. */
class JdbcTxRunnerTest {

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

        @TempDir
        Path tmp;

        private TestDatabase db;
        private JdbcTxRunner tx;

        @BeforeEach
        void table() throws SQLException {
            db = TestDatabase.in(kind, tmp);
            db.execute("CREATE TABLE t (n INTEGER NOT NULL)");
            tx = new JdbcTxRunner(db.dataSource());
        }

        @Test
        void nestedWorkJoinsTheOuterTransaction() {
            Connection[] seen = new Connection[2];

            tx.required(outer -> {
                seen[0] = outer;
                return tx.readOnly(inner -> seen[1] = inner);
            });

            assertSame(seen[0], seen[1]);
        }

        @Test
        void anExceptionRollsBackEverythingTheTransactionDid() throws SQLException {
            IllegalStateException thrown = new IllegalStateException("boom");

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tx.required(c -> {
                insert(c, 1);
                tx.required(inner -> insert(inner, 2));
                throw thrown;
            }));

            assertSame(thrown, e, "runtime exceptions reach the caller unchanged");
            assertEquals(0, db.count("t"));
        }

        @Test
        void sqlExceptionsBecomeStoreExceptions() {
            StoreException e = assertThrows(StoreException.class, () -> tx.required(c -> insert(c, null)));

            assertInstanceOf(SQLException.class, e.getCause(), "the NOT NULL violation");
            assertEquals(0L, count());
        }

        @Test
        void retriesATransientFailureOfTheOutermostTransaction() throws SQLException {
            AtomicInteger attempts = new AtomicInteger();

            int result = tx.required(c -> {
                insert(c, 7);
                if (attempts.incrementAndGet() == 1) {
                    throw new SQLTransientConnectionException("lock timeout, try again");
                }
                return 42;
            });

            assertEquals(42, result);
            assertEquals(2, attempts.get());
            assertEquals(1, db.count("t"), "the failed attempt left nothing behind");
        }

        @Test
        void givesUpAfterTheLastAttempt() {
            AtomicInteger attempts = new AtomicInteger();

            assertThrows(StoreException.class, () -> tx.required(c -> {
                attempts.incrementAndGet();
                throw new SQLTransientConnectionException("still locked");
            }));

            assertEquals(3, attempts.get());
        }

        private long count() {
            return tx.readOnly(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }

        private static Integer insert(Connection c, Integer n) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (n) VALUES (?)")) {
                if (n == null) {
                    ps.setNull(1, Types.INTEGER);
                } else {
                    ps.setInt(1, n);
                }
                return ps.executeUpdate();
            }
        }
    }
}

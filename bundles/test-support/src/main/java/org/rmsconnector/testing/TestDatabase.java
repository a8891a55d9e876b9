package org.rmsconnector.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database for a test, of either kind the cloud service runs on: an embedded H2 file database in the test's
 * temporary folder (the standalone default), or a new database in a real PostgreSQL cluster that the test support
 * starts once per JVM ({@link PostgresCluster}). Opening the same folder again gives the same database, as a
 * restarted service would find it.
 *
 * <p>Where PostgreSQL is not installed, a PostgreSQL test is skipped with a message saying so — except in CI
 * (environment {@code CI=true}), where it fails: CI must prove every store test on both databases.
 */
public final class TestDatabase {

    /** The databases the cloud store supports. */
    public enum Kind { H2, POSTGRESQL }

    private static final Map<Path, String> POSTGRES_URLS = new ConcurrentHashMap<>();

    private final Kind kind;
    private final DataSource dataSource;
    private final String url;
    private final String user;

    private TestDatabase(Kind kind, DataSource dataSource, String url, String user) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.url = url;
        this.user = user;
    }

    /** Opens (or creates) the embedded H2 database file in that folder. */
    public static TestDatabase in(Path folder) {
        return in(Kind.H2, folder);
    }

    /**
     * Opens (or creates) a database of that kind for the folder: for H2 its file in the folder, for PostgreSQL a
     * database of the test cluster remembered for the folder.
     */
    public static TestDatabase in(Kind kind, Path folder) {
        if (kind == Kind.H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            // a lock timeout well above the default second, so the concurrency tests measure ordering, not luck
            String url = "jdbc:h2:file:" + folder.resolve("cloud").toAbsolutePath() + ";LOCK_TIMEOUT=10000";
            h2.setURL(url);
            h2.setUser("sa");
            h2.setPassword("");
            return new TestDatabase(kind, h2, url, "sa");
        }
        PostgresCluster cluster = postgres();
        String url = POSTGRES_URLS.computeIfAbsent(folder.toAbsolutePath(), f -> cluster.createDatabase());
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(url);
        pg.setUser(PostgresCluster.USER);
        return new TestDatabase(kind, pg, url, PostgresCluster.USER);
    }

    /** Whether PostgreSQL tests can run here (its binaries are installed). */
    public static boolean postgresAvailable() {
        return PostgresCluster.binaries().isPresent();
    }

    private static PostgresCluster postgres() {
        Optional<Path> binaries = PostgresCluster.binaries();
        if (binaries.isEmpty()) {
            String message = "PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb; set"
                    + " RMS_TEST_PG_BIN to its bin folder, or apt-get install postgresql)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + ": in CI every store test must run on PostgreSQL too");
            }
            Assumptions.abort("skipped: " + message);
        }
        return PostgresCluster.shared(binaries.get());
    }

    public Kind kind() {
        return kind;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL, for what needs a connection of its own (a PostgreSQL listener). */
    public String url() {
        return url;
    }

    /** The user of {@link #url()}; the password is empty. */
    public String user() {
        return user;
    }

    /**
     * Closes the database as stopping the service would: H2 closes its file (the next connection reopens it),
     * PostgreSQL ends every other session of the database.
     */
    public void shutdown() throws SQLException {
        if (kind == Kind.H2) {
            execute("SHUTDOWN");
        } else {
            execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        }
    }

    /** Counts rows straight from the database, bypassing the store. */
    public long count(String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs one statement straight against the database. */
    public void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public String toString() {
        return kind + " " + url;
    }
}

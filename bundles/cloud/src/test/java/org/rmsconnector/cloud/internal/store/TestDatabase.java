package org.rmsconnector.cloud.internal.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** An embedded H2 file database in a test's temporary folder, as the standalone service uses it. */
final class TestDatabase {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    private TestDatabase(Path folder) {
        // a lock timeout well above the default second, so the concurrency tests measure ordering, not luck
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("cloud").toAbsolutePath() + ";LOCK_TIMEOUT=10000");
        dataSource.setUser("sa");
        dataSource.setPassword("");
    }

    /** Opens (or creates) the database file in that folder. */
    static TestDatabase in(Path folder) {
        return new TestDatabase(folder);
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Closes the database file, as stopping the service would; the next connection reopens it. */
    void shutdown() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    /** Counts rows straight from the database, bypassing the store. */
    long count(String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs one statement straight against the database. */
    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

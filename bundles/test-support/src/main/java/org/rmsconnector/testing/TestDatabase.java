package org.rmsconnector.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** An embedded H2 file database in a test's temporary folder, as the standalone cloud service uses it. */
public final class TestDatabase {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    private TestDatabase(Path folder) {
        // a lock timeout well above the default second, so the concurrency tests measure ordering, not luck
        dataSource.setURL("jdbc:h2:file:" + folder.resolve("cloud").toAbsolutePath() + ";LOCK_TIMEOUT=10000");
        dataSource.setUser("sa");
        dataSource.setPassword("");
    }

    /** Opens (or creates) the database file in that folder. */
    public static TestDatabase in(Path folder) {
        return new TestDatabase(folder);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the database file, as stopping the service would; the next connection reopens it. */
    public void shutdown() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
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
}

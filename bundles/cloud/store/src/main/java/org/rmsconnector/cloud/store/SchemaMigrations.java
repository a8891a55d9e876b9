package org.rmsconnector.cloud.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the database schema up to date with versioned scripts ({@code V<n>__<description>.sql},
 * listed in {@code migrations.txt} of their folder), each applied once, in order, in its own
 * transaction, and recorded with its checksum in {@code schema_version}. Running it again is a no-op.
 *
 * <p>Scripts hold plain statements separated by {@code ;} at line ends, and lines starting with
 * {@code --} are comments; no semicolons inside string literals. Because H2 commits DDL implicitly,
 * scripts are written re-runnable ({@code IF NOT EXISTS}), so a script interrupted there can run again.
 */
public final class SchemaMigrations {

    /** Where the cloud store's scripts live on the class path. */
    public static final String DEFAULT_LOCATION = "db/migration";

    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    private static final String CREATE_VERSION_TABLE = """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER      NOT NULL PRIMARY KEY,
                description VARCHAR(200) NOT NULL,
                script      VARCHAR(200) NOT NULL,
                checksum    CHAR(64)     NOT NULL,
                applied_at  TIMESTAMP WITH TIME ZONE NOT NULL
            )""";

    private final TxRunner tx;
    private final ClassLoader loader;
    private final String location;
    private final Clock clock;

    /** The cloud store's own scripts. */
    public SchemaMigrations(TxRunner tx) {
        this(tx, SchemaMigrations.class.getClassLoader(), DEFAULT_LOCATION, Clock.systemUTC());
    }

    /**
     * @param tx       runs each script's transaction
     * @param loader   loads the scripts (the bundle's class loader in OSGi)
     * @param location folder of the scripts and their {@code migrations.txt}
     * @param clock    stamps {@code applied_at}
     */
    public SchemaMigrations(TxRunner tx, ClassLoader loader, String location, Clock clock) {
        this.tx = tx;
        this.loader = loader;
        this.location = location;
        this.clock = clock;
    }

    /**
     * One migration script.
     *
     * @param version     its number; scripts apply in increasing order
     * @param description from the file name
     * @param script      the file name
     * @param sql         its text
     * @param checksum    SHA-256 (hex) of the text with normalized line ends
     */
    public record Migration(int version, String description, String script, String sql, String checksum) {
    }

    /**
     * What {@link #migrate()} did.
     *
     * @param applied        versions applied by this run, in order (empty when the schema was current)
     * @param currentVersion the highest version the database now has
     */
    public record Report(List<Integer> applied, int currentVersion) {
        /** Copies the list. */
        public Report {
            applied = List.copyOf(applied);
        }
    }

    /**
     * Applies every script the database lacks.
     *
     * @throws StoreException when a script fails (its transaction is rolled back and later ones are
     *                        not tried) or when an applied script was changed since
     */
    public Report migrate() {
        List<Migration> migrations = available();
        tx.required(c -> {
            Databases.lockMigrations(c);
            try (Statement s = c.createStatement()) {
                s.execute(CREATE_VERSION_TABLE);
            }
            return null;
        });
        Map<Integer, String> applied = tx.readOnly(SchemaMigrations::appliedChecksums);
        List<Integer> done = new ArrayList<>();
        for (Migration m : migrations) {
            String checksum = applied.get(m.version());
            if (checksum != null) {
                if (!checksum.strip().equals(m.checksum())) {
                    throw new StoreException("migration " + m.script() + " was changed after it was applied"
                            + " (recorded checksum " + checksum.strip() + ", now " + m.checksum()
                            + "): add a new script instead of editing a released one");
                }
                continue;
            }
            try {
                boolean ran = tx.required(c -> apply(c, m));
                if (ran) {
                    done.add(m.version());
                }
            } catch (StoreException e) {
                throw new StoreException("migration " + m.script() + " failed and was rolled back: "
                        + e.getMessage(), e);
            }
        }
        int current = tx.readOnly(c -> appliedChecksums(c).keySet().stream().mapToInt(Integer::intValue).max().orElse(0));
        return new Report(done, current);
    }

    /**
     * The scripts listed for this location, sorted by version.
     *
     * @throws StoreException when the list or a script is missing, misnamed or a version repeats
     */
    public List<Migration> available() {
        List<Migration> out = new ArrayList<>();
        for (String line : read(location + "/migrations.txt").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                throw new StoreException("migration script name '" + name + "' is not V<n>__<description>.sql");
            }
            String sql = read(location + "/" + name);
            out.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '), name, sql,
                    checksum(sql)));
        }
        out.sort((a, b) -> Integer.compare(a.version(), b.version()));
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i).version() == out.get(i - 1).version()) {
                throw new StoreException("two migration scripts have version " + out.get(i).version());
            }
        }
        return out;
    }

    private boolean apply(Connection c, Migration m) throws SQLException {
        // another node may have applied it since we looked; on PostgreSQL the lock makes the check and the script
        // one step, so two nodes started together never run a script twice
        Databases.lockMigrations(c);
        if (appliedChecksums(c).containsKey(m.version())) {
            return false;
        }
        for (String statement : statements(m.sql())) {
            try (Statement s = c.createStatement()) {
                s.execute(statement);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schema_version (version, description, script, checksum, applied_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setString(3, m.script());
            ps.setString(4, m.checksum());
            Jdbc.setInstant(ps, 5, clock.instant());
            ps.executeUpdate();
        }
        return true;
    }

    private static Map<Integer, String> appliedChecksums(Connection c) throws SQLException {
        Map<Integer, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, checksum FROM schema_version");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getInt(1), rs.getString(2));
            }
        }
        return out;
    }

    /** Splits a script into statements: comment lines dropped, split at semicolons ending a line. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private String read(String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException("migration resource " + resource + " not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new StoreException("cannot read migration resource " + resource, e);
        }
    }

    private static String checksum(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.rmsconnector.cloud.model.Principals;

/**
 * Passwords of online users and administrators (as PBKDF2 hashes, see {@link PasswordHasher}) and their
 * administrative roles ({@value #GLOBAL_ADMIN}, {@value #CONNECTOR_ADMIN}). Users are named by UPN, in the
 * canonical lower case the directory uses.
 *
 * <p>Hashing is slow on purpose, so it happens before the transaction starts, never while holding one.
 */
public final class CredentialStore {

    /** May administer everything. */
    public static final String GLOBAL_ADMIN = "global-admin";
    /** May administer authorized servers and register connectors. */
    public static final String CONNECTOR_ADMIN = "connector-admin";
    /** Every administrative role. */
    public static final Set<String> ADMIN_ROLES = Set.of(GLOBAL_ADMIN, CONNECTOR_ADMIN);

    /** Longest password accepted: PBKDF2 hashes anything, but a megabyte "password" is an attack. */
    public static final int MAX_PASSWORD_LENGTH = 1024;

    private final TxRunner tx;
    private final Clock clock;
    private final PasswordHasher hasher;

    CredentialStore(TxRunner tx, Clock clock, PasswordHasher hasher) {
        this.tx = tx;
        this.clock = clock;
        this.hasher = hasher;
    }

    /**
     * Sets (or replaces) a user's password.
     *
     * @throws IllegalArgumentException when the password is empty or longer than {@value #MAX_PASSWORD_LENGTH}
     */
    public void setPassword(String upn, char[] password) {
        String key = Principals.key(upn, "upn");
        if (password == null || password.length == 0 || password.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password must have 1 to " + MAX_PASSWORD_LENGTH + " characters");
        }
        PasswordHash h = hasher.hash(password);
        Base64.Encoder b64 = Base64.getEncoder();
        tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE user_credential SET algorithm = ?, iterations = ?,"
                    + " salt = ?, hash = ?, updated_at = ? WHERE upn = ?")) {
                ps.setString(1, h.algorithm());
                ps.setInt(2, h.iterations());
                ps.setString(3, b64.encodeToString(h.salt()));
                ps.setString(4, b64.encodeToString(h.hash()));
                Jdbc.setInstant(ps, 5, clock.instant());
                ps.setString(6, key);
                if (ps.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_credential (upn, algorithm, iterations,"
                    + " salt, hash, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, h.algorithm());
                ps.setInt(3, h.iterations());
                ps.setString(4, b64.encodeToString(h.salt()));
                ps.setString(5, b64.encodeToString(h.hash()));
                Jdbc.setInstant(ps, 6, clock.instant());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (StoreException.isUniqueViolation(e)) {
                    throw new DuplicateEntryException("the password of " + key + " was set concurrently; try again", e);
                }
                throw e;
            }
            return null;
        });
    }

    /** The stored hash of a user's password; empty when the user has none. */
    public Optional<PasswordHash> find(String upn) {
        String key = Principals.optionalKey(upn);
        if (key == null) {
            return Optional.empty();
        }
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT algorithm, iterations, salt, hash FROM user_credential WHERE upn = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<PasswordHash>empty();
                    }
                    Base64.Decoder b64 = Base64.getDecoder();
                    return Optional.of(new PasswordHash(rs.getString(1), rs.getInt(2), b64.decode(rs.getString(3).strip()),
                            b64.decode(rs.getString(4).strip())));
                }
            }
        });
    }

    /**
     * Whether {@code password} is the user's password. A user without a password never matches, and costs
     * the same time as a wrong password.
     */
    public boolean verifyPassword(String upn, char[] password) {
        Optional<PasswordHash> stored = find(upn);
        if (password == null || password.length == 0 || password.length > MAX_PASSWORD_LENGTH) {
            return false;
        }
        if (stored.isEmpty()) {
            PasswordHasher.verifyNothing(password);
            return false;
        }
        return PasswordHasher.verify(stored.get(), password);
    }

    /** Whether the user has a password. */
    public boolean hasPassword(String upn) {
        return find(upn).isPresent();
    }

    /** Removes a user's password; returns false when there was none. */
    public boolean removePassword(String upn) {
        String key = Principals.key(upn, "upn");
        return tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_credential WHERE upn = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * Grants an administrative role; returns false when the user already held it.
     *
     * @throws IllegalArgumentException for a role other than {@link #ADMIN_ROLES}
     */
    public boolean grantRole(String upn, String role, String grantedBy) {
        String key = Principals.key(upn, "upn");
        String r = checkRole(role);
        return tx.required(c -> {
            if (holds(c, key, r)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO admin_role (upn, role_name, granted_at, granted_by) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, r);
                Jdbc.setInstant(ps, 3, clock.instant());
                Jdbc.setString(ps, 4, grantedBy);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Revokes an administrative role; returns false when the user did not hold it. */
    public boolean revokeRole(String upn, String role) {
        String key = Principals.key(upn, "upn");
        String r = checkRole(role);
        return tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM admin_role WHERE upn = ? AND role_name = ?")) {
                ps.setString(1, key);
                ps.setString(2, r);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Replaces the user's administrative roles with exactly {@code roles}, in one transaction. */
    public void setRoles(String upn, Set<String> roles, String grantedBy) {
        String key = Principals.key(upn, "upn");
        Set<String> wanted = new TreeSet<>();
        for (String r : roles) {
            wanted.add(checkRole(r));
        }
        tx.required(c -> {
            for (String r : ADMIN_ROLES) {
                if (!wanted.contains(r)) {
                    revokeRole(key, r);
                }
            }
            for (String r : wanted) {
                grantRole(key, r, grantedBy);
            }
            return null;
        });
    }

    /** The user's administrative roles; empty for an ordinary user. */
    public Set<String> roles(String upn) {
        String key = Principals.optionalKey(upn);
        if (key == null) {
            return Set.of();
        }
        return tx.readOnly(c -> {
            Set<String> out = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT role_name FROM admin_role WHERE upn = ?")) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1).strip());
                    }
                }
            }
            return Set.copyOf(out);
        });
    }

    /** Forgets everything about a user's credentials: password and roles (when the user leaves the directory). */
    public void removeUser(String upn) {
        String key = Principals.key(upn, "upn");
        tx.required(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM user_credential WHERE upn = ?");
                 PreparedStatement r = c.prepareStatement("DELETE FROM admin_role WHERE upn = ?")) {
                p.setString(1, key);
                p.executeUpdate();
                r.setString(1, key);
                r.executeUpdate();
            }
            return null;
        });
    }

    private static boolean holds(Connection c, String upn, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM admin_role WHERE upn = ? AND role_name = ?")) {
            ps.setString(1, upn);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String checkRole(String role) {
        String r = role == null ? "" : role.strip().toLowerCase(Locale.ROOT);
        if (!ADMIN_ROLES.contains(r)) {
            throw new IllegalArgumentException("unknown administrative role '" + role + "': expected one of "
                    + new TreeSet<>(ADMIN_ROLES));
        }
        return r;
    }
}

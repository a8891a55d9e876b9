package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.rmsconnector.cloud.model.Principals;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.model.TenantInfo;

/** The tenant's identity and its super-user configuration. */
public final class TenantStore {

    private final TxRunner tx;
    private final ConfigurationChanges changes;

    TenantStore(TxRunner tx, ConfigurationChanges changes) {
        this.tx = tx;
        this.changes = changes;
    }

    /**
     * Records the tenant on first start; later calls with the same id return what is stored.
     *
     * @throws IllegalStateException when the database already belongs to another tenant
     */
    public TenantInfo initialize(TenantInfo info) {
        return tx.required(c -> {
            Optional<TenantInfo> existing = find(c);
            if (existing.isPresent()) {
                if (!existing.get().tenantId().equals(info.tenantId())) {
                    throw new IllegalStateException("this database belongs to tenant " + existing.get().tenantId()
                            + ", not " + info.tenantId());
                }
                return existing.get();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tenant (singleton, tenant_id, name, created_at,"
                    + " super_user_enabled, super_user_group) VALUES (1, ?, ?, ?, ?, NULL)")) {
                ps.setString(1, info.tenantId());
                ps.setString(2, info.name());
                Jdbc.setInstant(ps, 3, info.createdAt());
                ps.setBoolean(4, false);
                ps.executeUpdate();
            }
            return find(c).orElseThrow();
        });
    }

    /** The tenant, once initialized. */
    public Optional<TenantInfo> find() {
        return tx.readOnly(TenantStore::find);
    }

    /** The super-user configuration; disabled until the tenant is initialized and the feature switched on. */
    public SuperUserConfig superUsers() {
        return tx.readOnly(c -> {
            boolean enabled = false;
            String group = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT super_user_enabled, super_user_group FROM tenant");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    enabled = rs.getBoolean(1);
                    group = rs.getString(2);
                }
            }
            Set<String> users = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT upn FROM super_user");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(rs.getString(1));
                }
            }
            return new SuperUserConfig(enabled, group, users);
        });
    }

    /**
     * Switches the super-user feature and sets its group.
     *
     * @param group members are super users; null for none
     * @throws NoSuchEntryException before {@link #initialize}
     */
    public void setSuperUserFeature(boolean enabled, String group) {
        String key = Principals.optionalKey(group);
        tx.required(c -> {
            changes.changed();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE tenant SET super_user_enabled = ?, super_user_group = ? WHERE singleton = 1")) {
                ps.setBoolean(1, enabled);
                Jdbc.setString(ps, 2, key);
                if (ps.executeUpdate() == 0) {
                    throw new NoSuchEntryException("the tenant is not initialized yet");
                }
            }
            return null;
        });
    }

    /** Names a super user; returns false when already named. */
    public boolean addSuperUser(String upn) {
        String key = Principals.key(upn, "super user");
        return tx.required(c -> {
            changes.changed();
            if (exists(c, key)) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO super_user (upn) VALUES (?)")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Removes a named super user; returns false when not named. */
    public boolean removeSuperUser(String upn) {
        String key = Principals.key(upn, "super user");
        return tx.required(c -> {
            changes.changed();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM super_user WHERE upn = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /**
     * A tenant key the tenant has used: its public half and id, for noticing a keystore that holds another key.
     *
     * @param kid       RFC 7638 thumbprint of the public key
     * @param publicJwk the public key as JWK text
     * @param createdAt when it was first recorded
     */
    public record KeyRecord(String kid, String publicJwk, Instant createdAt) {
        /** Requires every field. */
        public KeyRecord {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(publicJwk, "publicJwk");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /** Records a tenant key (its public half); returns false when it was recorded before. */
    public boolean recordKey(KeyRecord key) {
        return tx.required(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tenant_key WHERE kid = ?")) {
                ps.setString(1, key.kid());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tenant_key (kid, public_jwk, created_at) VALUES (?, ?, ?)")) {
                ps.setString(1, key.kid());
                ps.setString(2, key.publicJwk());
                Jdbc.setInstant(ps, 3, key.createdAt());
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Every tenant key recorded, oldest first. */
    public List<KeyRecord> keys() {
        return tx.readOnly(c -> {
            List<KeyRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kid, public_jwk, created_at FROM tenant_key ORDER BY created_at, kid");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyRecord(rs.getString(1).strip(), rs.getString(2), Jdbc.getInstant(rs, "created_at")));
                }
            }
            return out;
        });
    }

    private static boolean exists(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM super_user WHERE upn = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<TenantInfo> find(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, name, created_at FROM tenant");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new TenantInfo(rs.getString("tenant_id"), rs.getString("name"),
                    Jdbc.getInstant(rs, "created_at")));
        }
    }
}

package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.rmsconnector.cloud.model.ContentExpiry;
import org.rmsconnector.cloud.model.Grant;
import org.rmsconnector.cloud.model.PrincipalKind;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TemplateCatalog;
import org.rmsconnector.cloud.model.TemplateStatus;
import org.rmsconnector.protocol.Right;

/**
 * The tenant's rights policy templates. There is no delete: content protected with a template
 * keeps referring to it, so templates are archived instead.
 */
public final class TemplateStore implements TemplateCatalog {

    private static final String COLUMNS = "id, name, description, expiry_kind, expiry_date, expiry_days,"
            + " offline_access_days, status, without_user_identity";

    private final ConfigurationChanges changes;
    private final TxRunner tx;
    private final Clock clock;

    TemplateStore(TxRunner tx, Clock clock, ConfigurationChanges changes) {
        this.tx = tx;
        this.clock = clock;
        this.changes = changes;
    }

    /**
     * Stores a new template.
     *
     * @throws DuplicateEntryException when the id or (case-insensitively) the name is taken
     */
    public Template create(Template template) {
        return tx.required(c -> {
            changes.changed();
            if (load(c, template.id()).isPresent()) {
                throw new DuplicateEntryException("a template with id " + template.id() + " already exists");
            }
            requireUniqueName(c, template);
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rights_template (" + COLUMNS
                    + ", name_key, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = bind(ps, template);
                Jdbc.setInstant(ps, i++, now);
                Jdbc.setInstant(ps, i, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw translate(e, template);
            }
            insertGrants(c, template);
            return template;
        });
    }

    /**
     * Replaces a template's policy; content already protected with it gets the new policy at its next license.
     *
     * @throws NoSuchEntryException    when there is no template with that id
     * @throws DuplicateEntryException when the new name belongs to another template
     */
    public Template update(Template template) {
        return tx.required(c -> {
            changes.changed();
            if (load(c, template.id()).isEmpty()) {
                throw new NoSuchEntryException("no template with id " + template.id());
            }
            requireUniqueName(c, template);
            try (PreparedStatement ps = c.prepareStatement("UPDATE rights_template SET id = ?, name = ?, description = ?,"
                    + " expiry_kind = ?, expiry_date = ?, expiry_days = ?, offline_access_days = ?, status = ?,"
                    + " without_user_identity = ?, name_key = ?, content_hash = ?, updated_at = ? WHERE id = ?")) {
                int i = bind(ps, template);
                Jdbc.setInstant(ps, i++, clock.instant());
                Jdbc.setUuid(ps, i, template.id());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw translate(e, template);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM template_grant WHERE template_id = ?")) {
                Jdbc.setUuid(ps, 1, template.id());
                ps.executeUpdate();
            }
            insertGrants(c, template);
            return template;
        });
    }

    /**
     * Archives a template: no new content, existing content still licensed.
     *
     * @throws NoSuchEntryException when there is no template with that id
     */
    public Template archive(UUID id) {
        return tx.required(c -> {
            changes.changed();
            Template current = load(c, id).orElseThrow(() -> new NoSuchEntryException("no template with id " + id));
            return current.status() == TemplateStatus.ARCHIVED ? current : update(current.withStatus(TemplateStatus.ARCHIVED));
        });
    }

    @Override
    public Optional<Template> find(UUID id) {
        return tx.readOnly(c -> load(c, id));
    }

    /** The template of that name (case-insensitive), archived or not. */
    public Optional<Template> findByName(String name) {
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rights_template WHERE name_key = ?")) {
                ps.setString(1, nameKey(name));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? load(c, Jdbc.getUuid(rs, "id")) : Optional.<Template>empty();
                }
            }
        });
    }

    /**
     * Templates ordered by name.
     *
     * @param includeArchived false lists only those usable for new content
     */
    public List<Template> list(boolean includeArchived) {
        return tx.readOnly(c -> {
            String where = includeArchived ? "" : " WHERE status = 'PUBLISHED'";
            Map<UUID, Template> byId = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rights_template" + where
                    + " ORDER BY name_key");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Template t = read(rs, List.of());
                    byId.put(t.id(), t);
                }
            }
            Map<UUID, List<Grant>> grants = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT template_id, principal_kind, principal_name, rights"
                    + " FROM template_grant ORDER BY template_id, grant_index");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.computeIfAbsent(Jdbc.getUuid(rs, "template_id"), k -> new ArrayList<>()).add(readGrant(rs));
                }
            }
            List<Template> out = new ArrayList<>();
            for (Template t : byId.values()) {
                out.add(t.withGrants(grants.getOrDefault(t.id(), List.of())));
            }
            return out;
        });
    }

    /** The stored content hash, for callers that only need to know whether a template changed. */
    public Optional<String> contentHash(UUID id) {
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content_hash FROM rights_template WHERE id = ?")) {
                Jdbc.setUuid(ps, 1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1).strip()) : Optional.<String>empty();
                }
            }
        });
    }

    private static Optional<Template> load(Connection c, UUID id) throws SQLException {
        Template template;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM rights_template WHERE id = ?")) {
            Jdbc.setUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                template = read(rs, List.of());
            }
        }
        List<Grant> grants = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT principal_kind, principal_name, rights"
                + " FROM template_grant WHERE template_id = ? ORDER BY grant_index")) {
            Jdbc.setUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add(readGrant(rs));
                }
            }
        }
        return Optional.of(template.withGrants(grants));
    }

    private static void requireUniqueName(Connection c, Template template) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM rights_template WHERE name_key = ? AND id <> ?")) {
            ps.setString(1, nameKey(template.name()));
            Jdbc.setUuid(ps, 2, template.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new DuplicateEntryException("a template named '" + template.name() + "' already exists (id "
                            + rs.getString(1).strip() + ")");
                }
            }
        }
    }

    private static int bind(PreparedStatement ps, Template t) throws SQLException {
        int i = 1;
        Jdbc.setUuid(ps, i++, t.id());
        ps.setString(i++, t.name());
        ps.setString(i++, t.description());
        ContentExpiry e = t.expiry();
        if (e instanceof ContentExpiry.OnDate d) {
            ps.setString(i++, "ON_DATE");
            Jdbc.setInstant(ps, i++, d.date());
            Jdbc.setInteger(ps, i++, null);
        } else if (e instanceof ContentExpiry.DaysAfterProtection d) {
            ps.setString(i++, "DAYS_AFTER_PROTECTION");
            Jdbc.setInstant(ps, i++, null);
            Jdbc.setInteger(ps, i++, d.days());
        } else {
            ps.setString(i++, "NEVER");
            Jdbc.setInstant(ps, i++, null);
            Jdbc.setInteger(ps, i++, null);
        }
        ps.setInt(i++, t.offlineAccessDays());
        ps.setString(i++, t.status().name());
        ps.setBoolean(i++, t.availableWithoutUserIdentity());
        ps.setString(i++, nameKey(t.name()));
        ps.setString(i++, t.contentHash());
        return i;
    }

    private static Template read(ResultSet rs, List<Grant> grants) throws SQLException {
        ContentExpiry expiry = switch (rs.getString("expiry_kind")) {
            case "ON_DATE" -> ContentExpiry.onDate(Jdbc.getInstant(rs, "expiry_date"));
            case "DAYS_AFTER_PROTECTION" -> ContentExpiry.daysAfterProtection(rs.getInt("expiry_days"));
            default -> ContentExpiry.never();
        };
        return new Template(Jdbc.getUuid(rs, "id"), rs.getString("name"), rs.getString("description"), grants, expiry,
                rs.getInt("offline_access_days"), TemplateStatus.valueOf(rs.getString("status")),
                rs.getBoolean("without_user_identity"));
    }

    private static void insertGrants(Connection c, Template t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO template_grant"
                + " (template_id, grant_index, principal_kind, principal_name, rights) VALUES (?, ?, ?, ?, ?)")) {
            int index = 0;
            for (Grant g : t.grants()) {
                Jdbc.setUuid(ps, 1, t.id());
                ps.setInt(2, index++);
                ps.setString(3, g.kind().name());
                Jdbc.setString(ps, 4, g.principal());
                ps.setString(5, g.rights().stream().map(Right::name).collect(Collectors.joining(",")));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Grant readGrant(ResultSet rs) throws SQLException {
        Set<Right> rights = EnumSet.noneOf(Right.class);
        for (String r : rs.getString("rights").split(",")) {
            rights.add(Right.valueOf(r.strip()));
        }
        return new Grant(PrincipalKind.valueOf(rs.getString("principal_kind")), rs.getString("principal_name"), rights);
    }

    private static String nameKey(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static RuntimeException translate(SQLException e, Template t) {
        if (StoreException.isUniqueViolation(e)) {
            // a concurrent writer took the name between our check and our insert
            return new DuplicateEntryException("a template named '" + t.name() + "' already exists", e);
        }
        return new StoreException("cannot store template '" + t.name() + "': " + e.getMessage(), e);
    }
}

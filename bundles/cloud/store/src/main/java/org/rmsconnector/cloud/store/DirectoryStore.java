package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Group;
import org.rmsconnector.cloud.model.Principals;
import org.rmsconnector.cloud.model.User;

/** The tenant directory's users, groups and memberships. */
public final class DirectoryStore {

    private final TxRunner tx;
    private final ConfigurationChanges changes;

    DirectoryStore(TxRunner tx, ConfigurationChanges changes) {
        this.tx = tx;
        this.changes = changes;
    }

    /** The whole directory, read in one read-only transaction. */
    public Directory load() {
        return tx.readOnly(c -> {
            List<User> users = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT upn, email, display_name FROM directory_user");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(new User(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            Map<String, Members> members = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT g.name, m.member_kind, m.member_name"
                    + " FROM directory_group g LEFT JOIN group_member m ON m.group_name = g.name ORDER BY g.name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Members m = members.computeIfAbsent(rs.getString(1), k -> new Members());
                    String kind = rs.getString(2);
                    if (kind != null) { // LEFT JOIN row of a group without members
                        ("USER".equals(kind) ? m.users : m.groups).add(rs.getString(3));
                    }
                }
            }
            List<Group> groups = new ArrayList<>();
            members.forEach((name, m) -> groups.add(new Group(name, m.users, m.groups)));
            return Directory.of(users, groups);
        });
    }

    /** The user a UPN or mail address names, without loading the whole directory. */
    public Optional<User> findUser(String upnOrEmail) {
        String key = Principals.optionalKey(upnOrEmail);
        if (key == null) {
            return Optional.empty();
        }
        return tx.readOnly(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT upn, email, display_name FROM directory_user WHERE upn = ? OR email = ?")) {
                ps.setString(1, key);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new User(rs.getString(1), rs.getString(2), rs.getString(3)))
                            : Optional.<User>empty();
                }
            }
        });
    }

    /**
     * Replaces the whole directory (an import): all or nothing.
     *
     * @throws StoreException when an entry does not fit; the previous directory stays
     */
    public void replace(Directory directory) {
        tx.required(c -> {
            changes.changed();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM group_member");
                s.executeUpdate("DELETE FROM directory_group");
                s.executeUpdate("DELETE FROM directory_user");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO directory_user (upn, email, display_name) VALUES (?, ?, ?)")) {
                for (User u : directory.users()) {
                    bindUser(ps, u);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (Group g : directory.groups()) {
                insertGroup(c, g);
            }
            return null;
        });
    }

    /**
     * Adds or changes one user.
     *
     * @throws DuplicateEntryException when its UPN or mail address identifies another user
     */
    public void putUser(User user) {
        tx.required(c -> {
            changes.changed();
            try (PreparedStatement ps = c.prepareStatement("SELECT upn FROM directory_user WHERE upn <> ?"
                    + " AND (upn = ? OR email = ? OR upn = ? OR email = ?)")) {
                String mail = user.email() == null ? user.upn() : user.email();
                ps.setString(1, user.upn());
                ps.setString(2, user.upn());
                ps.setString(3, user.upn());
                ps.setString(4, mail);
                ps.setString(5, mail);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new DuplicateEntryException("user " + rs.getString(1) + " already uses '"
                                + user.upn() + "' or '" + mail + "'");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE directory_user SET email = ?, display_name = ? WHERE upn = ?")) {
                Jdbc.setString(ps, 1, user.email());
                ps.setString(2, user.displayName());
                ps.setString(3, user.upn());
                if (ps.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO directory_user (upn, email, display_name) VALUES (?, ?, ?)")) {
                bindUser(ps, user);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Removes a user and its direct memberships; returns false when there was none. */
    public boolean removeUser(String upn) {
        String key = Principals.key(upn, "upn");
        return tx.required(c -> {
            changes.changed();
            try (PreparedStatement members = c.prepareStatement(
                    "DELETE FROM group_member WHERE member_kind = 'USER' AND member_name IN"
                            + " (SELECT upn FROM directory_user WHERE upn = ? UNION SELECT email FROM directory_user WHERE upn = ?)");
                 PreparedStatement user = c.prepareStatement("DELETE FROM directory_user WHERE upn = ?")) {
                members.setString(1, key);
                members.setString(2, key);
                members.executeUpdate();
                user.setString(1, key);
                return user.executeUpdate() > 0;
            }
        });
    }

    /** Adds a group or replaces its members. */
    public void putGroup(Group group) {
        tx.required(c -> {
            changes.changed();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM directory_group WHERE name = ?")) {
                // members go with it (ON DELETE CASCADE); memberships in other groups stay, they name it
                ps.setString(1, group.name());
                ps.executeUpdate();
            }
            insertGroup(c, group);
            return null;
        });
    }

    /** Removes a group and its membership in other groups; returns false when there was none. */
    public boolean removeGroup(String name) {
        String key = Principals.key(name, "group name");
        return tx.required(c -> {
            changes.changed();
            try (PreparedStatement nested = c.prepareStatement(
                    "DELETE FROM group_member WHERE member_kind = 'GROUP' AND member_name = ?");
                 PreparedStatement group = c.prepareStatement("DELETE FROM directory_group WHERE name = ?")) {
                nested.setString(1, key);
                nested.executeUpdate();
                group.setString(1, key);
                return group.executeUpdate() > 0;
            }
        });
    }

    private static final class Members {
        final Set<String> users = new TreeSet<>();
        final Set<String> groups = new TreeSet<>();
    }

    private static void bindUser(PreparedStatement ps, User u) throws SQLException {
        ps.setString(1, u.upn());
        Jdbc.setString(ps, 2, u.email());
        ps.setString(3, u.displayName());
    }

    private static void insertGroup(Connection c, Group g) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO directory_group (name) VALUES (?)")) {
            ps.setString(1, g.name());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO group_member (group_name, member_kind, member_name) VALUES (?, ?, ?)")) {
            for (String u : g.memberUsers()) {
                ps.setString(1, g.name());
                ps.setString(2, "USER");
                ps.setString(3, u);
                ps.addBatch();
            }
            for (String n : g.memberGroups()) {
                ps.setString(1, g.name());
                ps.setString(2, "GROUP");
                ps.setString(3, n);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

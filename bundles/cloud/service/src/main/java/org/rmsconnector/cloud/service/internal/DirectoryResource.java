package org.rmsconnector.cloud.service.internal;

import static org.rmsconnector.cloud.service.internal.AdminRequest.json;
import static org.rmsconnector.cloud.service.internal.AdminRequest.ok;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Group;
import org.rmsconnector.cloud.model.User;
import org.rmsconnector.cloud.store.CloudStore;

/**
 * {@code directory/users}, {@code directory/users/{upn}/password}, {@code directory/users/{upn}/roles} and
 * {@code directory/groups}: the tenant's directory, with each user's password and administrative roles.
 */
final class DirectoryResource {

    private final CloudStore store;

    DirectoryResource(CloudStore store) {
        this.store = store;
    }

    AdminAnswer handle(AdminRequest r) throws CloudException {
        if (r.depth() >= 2 && r.segment(1).equals("users")) {
            if (r.depth() == 2) {
                return users(r);
            }
            if (r.depth() == 4) {
                String upn = r.segment(2);
                User user = store.directory().findUser(upn)
                        .orElseThrow(() -> CloudException.notFound("no directory user " + upn));
                switch (r.segment(3)) {
                    case "password":
                        return password(r, user);
                    case "roles":
                        return roles(r, user);
                    default:
                        break;
                }
            }
        }
        if (r.depth() == 2 && r.segment(1).equals("groups")) {
            return groups(r);
        }
        throw r.noResource();
    }

    private AdminAnswer users(AdminRequest r) throws CloudException {
        switch (r.method()) {
            case "GET": {
                List<User> users = new ArrayList<>(store.directory().load().users());
                users.sort((a, b) -> a.upn().compareTo(b.upn()));
                List<Object> out = new ArrayList<>();
                for (User u : users) {
                    out.add(userJson(u).map());
                }
                return ok(JsonSupport.object().put("users", out));
            }
            case "POST": {
                JsonSupport.Body b = r.parsedBody();
                User user = new User(b.string("upn"), b.optString("email"), b.optString("displayName"));
                String password = b.optString("password");
                boolean created = store.directory().findUser(user.upn()).isEmpty();
                store.directory().putUser(user);
                if (password != null) {
                    setPassword(user, password.toCharArray());
                }
                if (b.has("adminRoles")) {
                    store.credentials().setRoles(user.upn(), new HashSet<>(b.strings("adminRoles")),
                            r.caller().identity());
                }
                return json(created ? 201 : 200, userJson(user).toJson());
            }
            case "DELETE": {
                String upn = r.requiredQuery("upn");
                User user = store.directory().findUser(upn)
                        .orElseThrow(() -> CloudException.notFound("no directory user " + upn));
                store.tx().required(c -> {
                    store.directory().removeUser(user.upn());
                    store.credentials().removeUser(user.upn());
                    return null;
                });
                return ok(JsonSupport.object().put("removed", user.upn()));
            }
            default:
                throw r.notAllowed("GET, POST, DELETE");
        }
    }

    private AdminAnswer password(AdminRequest r, User user) throws CloudException {
        r.requireMethod("PUT", "POST");
        setPassword(user, r.parsedBody().string("password").toCharArray());
        return ok(userJson(user));
    }

    private AdminAnswer roles(AdminRequest r, User user) throws CloudException {
        if (r.method().equals("GET")) {
            return ok(userJson(user));
        }
        r.requireMethod("GET", "PUT");
        store.credentials().setRoles(user.upn(), new HashSet<>(r.parsedBody().strings("adminRoles")),
                r.caller().identity());
        return ok(userJson(user));
    }

    /** Sets the password and then wipes the caller's copy of it. */
    private void setPassword(User user, char[] password) {
        try {
            store.credentials().setPassword(user.upn(), password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private JsonSupport.Obj userJson(User u) {
        return JsonSupport.object().put("upn", u.upn()).put("email", u.email()).put("displayName", u.displayName())
                .put("hasPassword", store.credentials().hasPassword(u.upn()))
                .put("adminRoles", new ArrayList<>(store.credentials().roles(u.upn())));
    }

    private AdminAnswer groups(AdminRequest r) throws CloudException {
        switch (r.method()) {
            case "GET": {
                Directory d = store.directory().load();
                List<Object> out = new ArrayList<>();
                List<Group> groups = new ArrayList<>(d.groups());
                groups.sort((a, b) -> a.name().compareTo(b.name()));
                for (Group g : groups) {
                    out.add(groupJson(g).map());
                }
                return ok(JsonSupport.object().put("groups", out));
            }
            case "POST": {
                JsonSupport.Body b = r.parsedBody();
                Group g = new Group(b.string("name"), new TreeSet<>(b.strings("users")),
                        new TreeSet<>(b.strings("groups")));
                boolean created = store.directory().load().findGroup(g.name()).isEmpty();
                store.directory().putGroup(g);
                return json(created ? 201 : 200, groupJson(g).toJson());
            }
            case "DELETE": {
                String name = r.requiredQuery("name");
                if (!store.directory().removeGroup(name)) {
                    throw CloudException.notFound("no directory group " + name);
                }
                return ok(JsonSupport.object().put("removed", name.strip().toLowerCase(Locale.ROOT)));
            }
            default:
                throw r.notAllowed("GET, POST, DELETE");
        }
    }

    private static JsonSupport.Obj groupJson(Group g) {
        return JsonSupport.object().put("name", g.name()).put("users", new ArrayList<>(g.memberUsers()))
                .put("groups", new ArrayList<>(g.memberGroups()));
    }
}

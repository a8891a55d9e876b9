package org.rmsconnector.cloud.service.internal;

import static org.rmsconnector.cloud.service.internal.AdminRequest.ok;

import java.util.ArrayList;
import java.util.HashSet;

import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.store.CloudStore;

/** {@code superusers}: the tenant's super-user feature, its group and its named users, read and replaced whole. */
final class SuperUsersResource {

    private final CloudStore store;

    SuperUsersResource(CloudStore store) {
        this.store = store;
    }

    AdminAnswer handle(AdminRequest r) throws CloudException {
        switch (r.method()) {
            case "GET":
                return ok(json(store.tenant().superUsers()));
            case "PUT": {
                JsonSupport.Body b = r.parsedBody();
                boolean enabled = b.bool("enabled", false);
                String group = b.optString("group");
                SuperUserConfig wanted = new SuperUserConfig(enabled, group, new HashSet<>(b.strings("users")));
                store.tx().required(c -> {
                    store.tenant().setSuperUserFeature(wanted.enabled(), wanted.group());
                    for (String u : store.tenant().superUsers().users()) {
                        if (!wanted.users().contains(u)) {
                            store.tenant().removeSuperUser(u);
                        }
                    }
                    for (String u : wanted.users()) {
                        store.tenant().addSuperUser(u);
                    }
                    return null;
                });
                return ok(json(store.tenant().superUsers()));
            }
            default:
                throw r.notAllowed("GET, PUT");
        }
    }

    private static JsonSupport.Obj json(SuperUserConfig c) {
        return JsonSupport.object().put("enabled", c.enabled()).put("group", c.group())
                .put("users", new ArrayList<>(c.users()));
    }
}

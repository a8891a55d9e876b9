package org.rmsconnector.cloud.service.internal;

import static org.rmsconnector.cloud.service.internal.AdminRequest.json;
import static org.rmsconnector.cloud.service.internal.AdminRequest.ok;

import java.util.Locale;
import java.util.Optional;

import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.model.AuthorizedServer;
import org.rmsconnector.cloud.model.RegisteredConnector;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.DuplicateEntryException;
import org.rmsconnector.cloud.store.NoSuchEntryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code authorized-servers}: the on-premises accounts, computers and groups the tenant trusts, with their roles.
 * Every change is recorded with who made it ({@code changedBy} of the change feed, and the service log) and wakes the
 * {@link ChangeFeed}. A connector speaking for itself never replaces an entry: adding an account that is listed
 * answers 409.
 */
final class AuthorizedServersResource {

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizedServersResource.class);

    private final CloudStore store;
    private final AuthorizedServersJson json;
    private final ChangeFeed feed;

    AuthorizedServersResource(CloudStore store, AuthorizedServersJson json, ChangeFeed feed) {
        this.store = store;
        this.json = json;
        this.feed = feed;
    }

    AdminAnswer handle(AdminRequest r) throws CloudException {
        switch (r.method()) {
            case "GET":
                return ok(json.signedList(store.authorizedServers().list()));
            case "POST":
                return add(r);
            case "DELETE":
                return remove(r);
            default:
                throw r.notAllowed("GET, POST, DELETE");
        }
    }

    private AdminAnswer add(AdminRequest r) throws CloudException {
        JsonSupport.Body b = r.parsedBody();
        AuthorizedServer entry = AuthorizedServer.parse(b.string("account"), b.string("kind"), b.string("role"));
        String who = who(r.caller());
        boolean mayNotReplace = r.fromConnectorItself();
        long version = store.tx().required(c -> {
            if (mayNotReplace) {
                Optional<AuthorizedServer> listed = store.authorizedServers().find(entry.account());
                if (listed.isPresent()) {
                    throw new DuplicateEntryException("'" + listed.get().account() + "' is already authorized"
                            + " for " + roleName(listed.get().role()) + "; remove that entry first to change it");
                }
            }
            long v = store.authorizedServers().put(entry, who);
            if (entry.role() == ServerRole.EXCHANGE) {
                // adding an Exchange entry turns the super-user feature on for it
                SuperUserConfig su = store.tenant().superUsers();
                if (!su.enabled()) {
                    store.tenant().setSuperUserFeature(true, su.group());
                }
            }
            return v;
        });
        feed.changed();
        LOG.info("{} authorized {} ({}, {}): authorized-servers list version {}", who, entry.account(),
                entry.kind().name().toLowerCase(Locale.ROOT), roleName(entry.role()), version);
        return json(201, JsonSupport.object().put("version", version)
                .put("entry", AuthorizedServersJson.entry(entry).map()).toJson());
    }

    private AdminAnswer remove(AdminRequest r) throws CloudException {
        String account = r.requiredQuery("account");
        ServerRole role = r.query().containsKey("role") ? ServerRole.parse(r.requiredQuery("role")) : null;
        String who = who(r.caller());
        long version = store.tx().required(c -> {
            if (role != null) {
                AuthorizedServer listed = store.authorizedServers().find(account).orElseThrow(
                        () -> new NoSuchEntryException("account '" + account + "' is not authorized"));
                if (listed.role() != role) {
                    throw new NoSuchEntryException("account '" + listed.account() + "' is authorized for "
                            + roleName(listed.role()) + ", not for " + roleName(role));
                }
            }
            return store.authorizedServers().remove(account, who);
        });
        feed.changed();
        LOG.info("{} removed {} from the authorized servers: list version {}", who, account, version);
        return ok(JsonSupport.object().put("version", version));
    }

    /** Who made a change, for the change feed and the log: the user, or the connector by name and id. */
    private String who(CloudCaller caller) {
        if (caller.kind() != CloudCaller.Kind.CONNECTOR) {
            return caller.identity();
        }
        String name = caller.connectorId() == null ? null
                : store.connectors().find(caller.connectorId()).map(RegisteredConnector::name).orElse(null);
        return "connector '" + (name == null ? "?" : name) + "' (" + caller.connectorId() + ")";
    }

    private static String roleName(ServerRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}

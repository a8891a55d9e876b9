package org.rmsconnector.cloud.service.internal;

import org.rmsconnector.cloud.model.AuthorizedServer;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rmsconnector.cloud.model.ContentExpiry;
import org.rmsconnector.cloud.model.Grant;
import org.rmsconnector.cloud.model.Group;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.User;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.CredentialStore;
import org.rmsconnector.protocol.Right;

/**
 * Seeds the demo tenant "Contoso (demo)", once, into an empty tenant (no directory users and no templates):
 * <ul>
 * <li>users {@value #ALICE}, {@value #BOB}, {@value #CAROL}, and {@value #ADMIN} with both administrative roles;
 * passwords only for the users the caller gives one (the demo has no built-in password);</li>
 * <li>groups {@value #FINANCE} (alice, and the nested group {@value #FINANCE_MANAGERS} with carol) and
 * {@value #ALL_STAFF} (alice, bob, carol);</li>
 * <li>templates {@value #CONFIDENTIAL} (everyone VIEW, EDIT, PRINT; for applications), {@value #VIEW_ONLY}
 * (everyone VIEW; for applications) and {@value #FINANCE_RESTRICTED} (finance VIEW, EDIT; content expires 30
 * days after protection; not for applications);</li>
 * <li>the super-user feature on, with no named super user (Exchange servers are super users through their
 * role).</li>
 * </ul>
 * The directory and templates are written in one transaction; passwords are hashed before it (PBKDF2 is slow).
 */
public final class DemoTenant {

    public static final String TENANT_NAME = "Contoso (demo)";
    public static final String ALICE = "alice@contoso.com";
    public static final String BOB = "bob@contoso.com";
    public static final String CAROL = "carol@contoso.com";
    public static final String ADMIN = "admin@contoso.com";
    public static final String FINANCE = "finance@contoso.com";
    public static final String FINANCE_MANAGERS = "finance-managers@contoso.com";
    public static final String ALL_STAFF = "all-staff@contoso.com";
    public static final String CONFIDENTIAL = "Contoso - Confidential";
    public static final String VIEW_ONLY = "Contoso - Confidential View Only";
    public static final String FINANCE_RESTRICTED = "Finance - Restricted";

    /** The demo's authorized servers: account, kind, role. */
    static final String[][] DEMO_SERVERS = {
        {"EXCH01$", "computer", "exchange"}, {"SP01$", "computer", "sharepoint"}, {"FS01$", "computer", "fci"}};

    private DemoTenant() {
    }

    /** Whether the tenant is empty: no directory users and no templates. */
    public static boolean isEmpty(CloudStore store) {
        return store.directory().load().users().isEmpty() && store.templates().list(true).isEmpty();
    }

    /**
     * Seeds the demo content when the tenant is empty.
     *
     * @param passwords UPN → password, for the demo users that should be able to sign in; may be empty
     * @return whether anything was seeded
     */
    public static boolean seed(CloudStore store, Map<String, String> passwords) {
        if (!isEmpty(store)) {
            return false;
        }
        for (Map.Entry<String, String> p : passwords.entrySet()) {
            if (p.getValue() != null && !p.getValue().isEmpty()) {
                store.credentials().setPassword(p.getKey(), p.getValue().toCharArray());
            }
        }
        store.tx().required(c -> {
            if (!isEmpty(store)) {
                return null; // seeded concurrently
            }
            store.directory().putUser(new User(ALICE, null, "Alice (demo)"));
            store.directory().putUser(new User(BOB, null, "Bob (demo)"));
            store.directory().putUser(new User(CAROL, null, "Carol (demo)"));
            store.directory().putUser(new User(ADMIN, null, "Administrator (demo)"));
            store.directory().putGroup(Group.ofUsers(FINANCE_MANAGERS, CAROL));
            store.directory().putGroup(new Group(FINANCE, Set.of(ALICE), Set.of(FINANCE_MANAGERS)));
            store.directory().putGroup(Group.ofUsers(ALL_STAFF, ALICE, BOB, CAROL));
            store.credentials().grantRole(ADMIN, CredentialStore.GLOBAL_ADMIN, "demo");
            store.credentials().grantRole(ADMIN, CredentialStore.CONNECTOR_ADMIN, "demo");
            store.templates().create(Template.create(CONFIDENTIAL, "Employees may view, edit and print",
                    List.of(Grant.everyone(Right.VIEW, Right.EDIT, Right.PRINT)), ContentExpiry.never(), 7, true));
            store.templates().create(Template.create(VIEW_ONLY, "Employees may view only",
                    List.of(Grant.everyone(Right.VIEW)), ContentExpiry.never(), 7, true));
            store.templates().create(Template.create(FINANCE_RESTRICTED,
                    "Finance may view and edit; content expires 30 days after protection",
                    List.of(Grant.group(FINANCE, Right.VIEW, Right.EDIT)), ContentExpiry.daysAfterProtection(30), 1,
                    false));
            store.tenant().setSuperUserFeature(true, null);
            return null;
        });
        return true;
    }

    /**
     * The sample on-premises servers of the standalone distribution, one per workload (their client certificates
     * are made by the start script under {@code data/demo/}): added when the authorized-servers list is empty.
     *
     * @return whether anything was added
     */
    public static boolean seedAuthorizedServers(CloudStore store) {
        return store.tx().required(c -> {
            if (!store.authorizedServers().list().entries().isEmpty()) {
                return false;
            }
            for (String[] server : DEMO_SERVERS) {
                store.authorizedServers().put(AuthorizedServer.parse(server[0], server[1], server[2]), "demo");
            }
            return true;
        });
    }
}

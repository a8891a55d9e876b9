package org.rmsconnector.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.AuthorizedServer.Kind;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.testing.Await;
import org.rmsconnector.testing.Configs;
import org.rmsconnector.testing.MutableClock;
import org.rmsconnector.testing.SambaDc;

/**
 * The directory code against a real Active Directory (Samba, {@link SambaDc}), not the in-memory server: computer
 * accounts found by {@code sAMAccountName} ({@code FS01$}), users by their UPN (as the Kerberos authenticator names
 * them), nested groups by AD's in-chain rule and by repeated lookups, over LDAPS bound as a domain account, the
 * directory browse the console and the admin API use, and a removal from a group that takes effect when the cached
 * membership expires.
 */
class ActiveDirectoryGroupsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final Instant CONFIRMED = Instant.parse("2026-01-10T09:00:00Z");

    @TempDir
    static Path tmp;
    private static SambaDc dc;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T09:00:00Z"));
    private LdapGroupResolver resolver;

    @BeforeAll
    static void startDomain() throws Exception {
        dc = SambaDc.start(tmp, "RMSTEST.LAN", "RMSTEST");
        dc.createComputer("FS01");
        dc.createComputer("EXCH01");
        dc.createUser("svc-fci2", "Svc-Fci2-Pass.42!x");
        dc.createGroup("rms-servers");
        dc.createGroup("rms-nested");
        dc.addMembers("rms-servers", "rms-nested", "EXCH01$");
        dc.addMembers("rms-nested", "FS01$", "svc-fci2");
    }

    @AfterAll
    static void stopDomain() throws Exception {
        if (dc != null) {
            dc.close();
        }
    }

    @AfterEach
    void stopResolver() {
        if (resolver != null) {
            resolver.deactivate();
        }
    }

    private LdapGroupResolver resolver(Map<String, Object> overrides) throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of("url", dc.ldapsUrl(), "bind.dn", dc.adminDn(),
                ".bind.password", SambaDc.ADMIN_PASSWORD, "base.dn", dc.baseDn(), "nested", "IN_CHAIN",
                "tls.truststore.path", dc.tlsTrustStore("trust-pin").toString(), ".tls.truststore.password",
                "trust-pin", "cache.ttl.seconds", 60L));
        config.putAll(overrides);
        resolver = new LdapGroupResolver(Configs.of(LdapConfiguration.class, config), clock);
        resolver.start();
        return resolver;
    }

    private static Membership read(LdapGroupResolver r, String account) {
        return r.membership(account).toCompletableFuture().copy().orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /** Group cn → depth. */
    private static Map<String, Integer> groups(Membership m) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        m.groups().forEach(g -> out.put(g.dn().substring(3, g.dn().indexOf(',')), g.depth()));
        return out;
    }

    @Test
    void aComputerAccountsNestedGroupsComeFromTheInChainRuleOverLdaps() throws Exception {
        Membership fs01 = read(resolver(Map.of()), "FS01$");
        assertTrue(fs01.aliases().contains("FS01$@rmstest.lan"), fs01.toString());
        assertEquals(Map.of("rms-nested", 1, "rms-servers", 2), groups(fs01), fs01.toString());
        assertTrue(fs01.groups().get(1).names().contains("rms-servers@rmstest.lan"), fs01.toString());
        assertEquals(Map.of("rms-servers", 1), groups(read(resolver, "EXCH01$")));
    }

    /** What the console's and the admin API's directory browse show, from AD over LDAPS. */
    @Test
    void theDirectoryBrowseFindsComputersUsersAndGroupsAsTheListNamesThem() throws Exception {
        LdapGroupResolver r = resolver(Map.of());
        Map<String, Kind> found = new java.util.TreeMap<>();
        for (String text : List.of("EXCH01", "svc-fci2", "rms-")) {
            for (DirectoryEntry e : r.search(text, 20)) {
                found.put(e.account(), e.kind());
            }
        }
        assertEquals(Kind.COMPUTER, found.get("EXCH01$"), found.toString());
        assertEquals(Kind.ACCOUNT, found.get("svc-fci2@rmstest.lan"), found.toString());
        assertEquals(Kind.GROUP, found.get("rms-servers"), found.toString());
        assertEquals(Kind.GROUP, found.get("rms-nested"), found.toString());
    }

    @Test
    void repeatedLookupsOnPlainLdapFindTheSameNesting() throws Exception {
        Membership user = read(resolver(Map.of("url", dc.ldapUrl(), "nested", "REPEATED")), "svc-fci2@rmstest.lan");
        assertTrue(user.aliases().contains("svc-fci2@rmstest.lan"), user.toString());
        assertEquals(Map.of("rms-nested", 1, "rms-servers", 2), groups(user), user.toString());
    }

    @Test
    void aServerRemovedFromTheNestedGroupIsRefusedOnceItsCachedGroupsExpire() throws Exception {
        LdapGroupResolver r = resolver(Map.of("cache.ttl.seconds", 5L));
        PolicyAuthorizationService decision = new PolicyAuthorizationService(
                Configs.defaults(AuthorizationConfiguration.class), "node-1");
        decision.groupResolver = r;
        decision.policyChanged(new AuthorizationPolicy(7, List.of(new AuthorizedServer("rms-servers", Kind.GROUP,
                Workload.FCI)), "signed-v7", CONFIRMED, false));
        Caller svc = new Caller("svc-fci2@rmstest.lan", "127.0.0.9", "kerberos", true);
        Optional<Authorization> granted = decision.authorizeAsync(svc).toCompletableFuture()
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals("rms-servers", granted.orElseThrow().entry());
        dc.removeMembers("rms-nested", "svc-fci2");
        try {
            // within its time to live the cached membership still decides; past it the directory is read again
            clock.advance(Duration.ofSeconds(6));
            Await.until(DEADLINE, () -> decision.authorizeAsync(svc).toCompletableFuture().join().isEmpty(),
                    "svc-fci2 refused after its removal from rms-nested");
        } finally {
            dc.addMembers("rms-nested", "svc-fci2");
        }
    }
}

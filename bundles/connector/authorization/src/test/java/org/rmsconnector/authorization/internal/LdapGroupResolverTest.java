package org.rmsconnector.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.cert.ManageCertificates;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rmsconnector.testing.Configs;
import org.rmsconnector.testing.MutableClock;

/** Group resolution against a real LDAP server on a free loopback port, over TCP. */
class LdapGroupResolverTest {
    private static final String FS02 = "cn=FS02,ou=Computers,dc=contoso,dc=com";
    private static final String FLOOR2 = "cn=Paris Floor 2 File Servers,ou=Groups,dc=contoso,dc=com";
    // every test finishes well within this, even when the directory does not answer
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private TestDirectory directory;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T09:00:00Z"));
    private LdapGroupResolver resolver;

    @BeforeEach
    void start() throws Exception {
        directory = new TestDirectory();
    }

    @AfterEach
    void stop() {
        if (resolver != null) {
            resolver.deactivate();
        }
        directory.close();
    }

    private LdapGroupResolver resolver(Map<String, Object> overrides) {
        return started(new LdapGroupResolver(Configs.of(LdapConfiguration.class, directory.config(overrides)), clock));
    }

    private LdapGroupResolver started(LdapGroupResolver r) {
        if (resolver != null) {
            resolver.deactivate();
        }
        resolver = r;
        r.start();
        return r;
    }

    /** The account's membership as a request gets it, waiting (with a deadline) for a stage not complete yet. */
    static Membership read(LdapGroupResolver r, String account) {
        return r.membership(account).toCompletableFuture().copy().orTimeout(DEADLINE.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /** Group cn → nesting depth, in the resolver's order. */
    private static Map<String, Integer> depths(Membership m) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Membership.Group g : m.groups()) {
            out.put(g.dn().substring(3, g.dn().indexOf(',')), g.depth());
        }
        return out;
    }

    private static final Map<String, Integer> FS02_GROUPS = orderedMap("Paris Floor 2 File Servers", 1,
            "Paris File Servers", 2, "RMS File Servers", 3);

    private static Map<String, Integer> orderedMap(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(LdapGroupResolver.Source.class)
    void nestedGroupsTwoLevelsDeepWhicheverWayMembershipIsRead(LdapGroupResolver.Source source) {
        Membership m = read(resolver(Map.of("membership", source.name())), "FS02$");
        assertEquals(FS02_GROUPS, depths(m));
        assertEquals(Set.of("FS02$@contoso.com"), m.aliases());
    }

    @Test
    void activeDirectorysInChainRuleFindsAllGroupsInOneSearch() {
        Membership m = read(resolver(Map.of("nested", "IN_CHAIN")), "FS02$");
        // the in-chain search cannot tell how deep a group is: direct groups are 1, all others 2
        assertEquals(orderedMap("Paris Floor 2 File Servers", 1, "Paris File Servers", 2, "RMS File Servers", 2),
                depths(m));
    }

    @Test
    void aGroupIsNamedByItsDnCnAndAccountName() {
        Membership m = read(resolver(Map.of()), "FS02$");
        assertEquals(Set.of(FLOOR2, "Paris Floor 2 File Servers@contoso.com", "Paris-F2-FileServers@contoso.com"),
                m.groups().get(0).names());
    }

    @Test
    void aUserIsFoundByEitherOfItsNames() {
        LdapGroupResolver r = resolver(Map.of());
        for (String account : new String[] {"carol@contoso.com", "cwhite", "CONTOSO\\cwhite"}) {
            Membership m = read(r, account);
            assertEquals(FS02_GROUPS.keySet().stream().toList(), depths(m).keySet().stream().toList(), account);
            assertEquals(Set.of("cwhite@contoso.com", "carol@contoso.com"), m.aliases(), account);
        }
    }

    @Test
    void directMembershipOfAComputer() {
        assertEquals(Map.of("RMS Exchange", 1), depths(read(resolver(Map.of()), "EXCH01$")));
    }

    @Test
    void anAccountInNoGroupHasNone() {
        Membership m = read(resolver(Map.of()), "dave@contoso.com");
        assertEquals(Map.of(), depths(m));
        assertEquals(Set.of("dave@contoso.com"), m.aliases());
    }

    @Test
    void anUnknownAccountHasNothing() {
        assertEquals(Membership.NONE, read(resolver(Map.of()), "mallory@contoso.com"));
    }

    @Test
    void aCycleOfGroupsEnds() {
        Membership m = assertTimeoutPreemptively(DEADLINE, () -> read(resolver(Map.of()), "erin"));
        assertEquals(orderedMap("Loop A", 1, "Loop B", 2), depths(m));
    }

    @Test
    void nestingIsFollowedOnlyToTheMaximumDepth() {
        assertEquals(orderedMap("Paris Floor 2 File Servers", 1, "Paris File Servers", 2),
                depths(read(resolver(Map.of("max.depth", 2)), "FS02$")));
    }

    @Test
    void filterValuesAreEscaped() {
        LdapGroupResolver r = resolver(Map.of());
        assertEquals(Membership.NONE, read(r, "*"));
        assertEquals(Membership.NONE, read(r, "x)(sAMAccountName=*"));
        assertEquals("(|(sAMAccountName=\\2a)(userPrincipalName=\\2a))",
                LdapGroupResolver.fill("(|(sAMAccountName={sam})(userPrincipalName={upn}))", "*"));
    }

    @Test
    void anAccountFilterThatFindsSeveralEntriesGivesNoGroups() {
        assertEquals(Membership.NONE, read(resolver(Map.of("user.filter", "(sn={sam})")), "Twin"));
    }

    @Test
    void namesAreQualifiedWithTheDomainOfTheirEntry() {
        assertEquals("contoso.com", LdapGroupResolver.dnsDomain("CN=x,OU=Servers,DC=Contoso,DC=com"));
        assertEquals(null, LdapGroupResolver.dnsDomain("cn=x,o=example"));
        assertEquals("alice@emea.contoso.com", LdapGroupResolver.qualified("alice", "CN=Alice,DC=emea,DC=contoso,DC=com"));
        assertEquals("alice@contoso.net", LdapGroupResolver.qualified("alice@contoso.net", "CN=Alice,DC=contoso,DC=com"));
        assertEquals("alice", LdapGroupResolver.qualified("alice", "cn=alice,o=example"));
    }

    @Test
    void withoutAUrlNoGroupsAreLookedUp() {
        started(new LdapGroupResolver(Configs.defaults(LdapConfiguration.class), clock));
        assertEquals(Membership.NONE, read(resolver, "FS02$"));
    }

    @Test
    void aWrongBindPasswordGivesNoGroupsRatherThanAnError() {
        Membership m = assertTimeoutPreemptively(DEADLINE,
                () -> read(resolver(Map.of(".bind.password", "wrong")), "FS02$"));
        assertEquals(Membership.NONE, m);
    }

    @Test
    void answersAreCachedForTheTimeToLive() throws Exception {
        LdapGroupResolver r = resolver(Map.of("cache.ttl.seconds", 300));
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")));
        // FS02 leaves its group in the directory
        directory.server.modify(FLOOR2, new Modification(ModificationType.DELETE, "member", FS02));
        directory.server.modify(FS02, new Modification(ModificationType.DELETE, "memberOf", FLOOR2));

        clock.advance(Duration.ofMinutes(4));
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")), "still within the time to live");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertEquals(Map.of(), depths(read(r, "FS02$")), "read again after the time to live");
    }

    // --- no request thread waits for the directory

    @Test
    void aMissIsReadOnTheResolversThreadAndTheCallerGoesOnAtOnce() throws Exception {
        LdapGroupResolver r = resolver(Map.of());
        directory.held = new CountDownLatch(1);   // the directory takes its time
        long start = System.nanoTime();
        CompletableFuture<Membership> first = r.membership("FS02$").toCompletableFuture();
        CompletableFuture<Membership> second = r.membership("fs02$").toCompletableFuture();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertFalse(first.isDone(), "the directory has not answered yet");
        assertSame(first, second, "requests for one account share the one read");
        assertTrue(took.compareTo(Duration.ofSeconds(1)) < 0, "the callers did not wait: " + took);

        Thread[] reader = new Thread[1];
        CompletableFuture<Membership> continued = first.thenApply(m -> {
            reader[0] = Thread.currentThread();
            return m;
        });
        directory.held.countDown();
        assertEquals(FS02_GROUPS, depths(continued.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)));
        assertTrue(reader[0].getName().startsWith("rms-ldap-groups-"), reader[0].getName());
    }

    @Test
    void aCachedAnswerIsCompleteAtOnceWithoutAskingTheDirectory() {
        LdapGroupResolver r = resolver(Map.of());
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")));
        int searches = directory.searches.get();
        directory.held = new CountDownLatch(1);   // a search now would hang: there must be none
        try {
            CompletableFuture<Membership> again = r.membership("FS02$").toCompletableFuture();
            assertTrue(again.isDone());
            assertEquals(FS02_GROUPS, depths(again.join()));
            assertEquals(searches, directory.searches.get());
        } finally {
            directory.held.countDown();
        }
    }

    @Test
    void aDirectoryThatNeverAnswersGivesNoGroupsAfterItsTimeoutNotAWaitingCaller() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, TestDirectory.loopback())) {
            LdapGroupResolver r = resolver(Map.of("url", "ldap://" + TestDirectory.loopback().getHostAddress() + ":"
                    + silent.getLocalPort(), "response.timeout.ms", 500));
            long start = System.nanoTime();
            CompletableFuture<Membership> pending = r.membership("FS02$").toCompletableFuture();
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(400)) < 0);
            assertEquals(Membership.NONE, pending.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            assertTrue(r.membership("EXCH01$").toCompletableFuture().isDone(),
                    "during the pause after the failure the answer is immediate");
        }
    }

    @Test
    void accountsInUseAreReadAgainInTheBackgroundBeforeTheyExpire() throws Exception {
        LdapGroupResolver r = resolver(Map.of("cache.ttl.seconds", 300));
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")));
        assertEquals(Map.of("RMS Exchange", 1), depths(read(r, "EXCH01$")));
        leaveFloor2();

        clock.advance(Duration.ofMinutes(2));
        assertEquals(0, r.refreshNow(), "nothing is near its expiry");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")), "FS02 keeps calling");
        assertEquals(1, r.refreshNow(), "FS02, used since it was read; EXCH01 stopped calling");

        CompletableFuture<Membership> current = r.membership("FS02$").toCompletableFuture();
        assertTrue(current.isDone(), "read again before it expired: no caller waits");
        assertEquals(Map.of(), depths(current.join()), "the change in the directory is seen");
        clock.advance(Duration.ofMinutes(4));
        assertTrue(r.membership("FS02$").toCompletableFuture().isDone(), "still within the new time to live");
        int searches = directory.searches.get();
        assertEquals(Map.of("RMS Exchange", 1), depths(read(r, "EXCH01$")));
        assertTrue(directory.searches.get() > searches, "EXCH01 expired and was read on demand");
    }

    @Test
    void theRefreshRunsOnItsOwnSchedule() throws Exception {
        LdapGroupResolver r = resolver(Map.of("cache.ttl.seconds", 4));   // refreshed every second
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")));
        leaveFloor2();
        clock.advance(Duration.ofSeconds(3));
        Instant deadline = Instant.now().plus(DEADLINE);
        Membership seen = read(r, "FS02$");
        while (!seen.groups().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            seen = read(r, "FS02$");   // still within the time to live: from the cache
        }
        assertEquals(Map.of(), depths(seen), "the scheduled refresh read it again");
    }

    @Test
    void aStoppedResolverAnswersAtOnceWithWhatItHas() {
        LdapGroupResolver r = resolver(Map.of("cache.ttl.seconds", 60));
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")));
        r.deactivate();
        clock.advance(Duration.ofMinutes(2));
        CompletableFuture<Membership> stale = r.membership("FS02$").toCompletableFuture();
        assertTrue(stale.isDone());
        assertEquals(FS02_GROUPS, depths(stale.join()));
        assertEquals(Membership.NONE, r.membership("EXCH01$").toCompletableFuture().join());
    }

    @Test
    void stoppingTheResolverAnswersTheCallersStillWaiting() throws Exception {
        LdapGroupResolver r = resolver(Map.of());
        directory.held = new CountDownLatch(1);
        try {
            CompletableFuture<Membership> waiting = r.membership("FS02$").toCompletableFuture();
            assertFalse(waiting.isDone());
            r.deactivate();
            assertEquals(Membership.NONE, waiting.get(1, TimeUnit.SECONDS), "not left waiting for a stopped reader");
        } finally {
            directory.held.countDown();
        }
    }

    @Test
    void theRefreshPeriodIsAQuarterOfTheTimeToLiveWithinBounds() {
        assertEquals(Duration.ofMinutes(1), LdapGroupResolver.refreshPeriod(Duration.ofMinutes(5)));
        assertEquals(Duration.ofSeconds(15), LdapGroupResolver.refreshPeriod(Duration.ofMinutes(1)));
        assertEquals(Duration.ofSeconds(1), LdapGroupResolver.refreshPeriod(Duration.ofSeconds(2)));
        assertEquals(Duration.ofMinutes(1), LdapGroupResolver.refreshPeriod(Duration.ofHours(1)));
    }

    /** FS02 leaves its group in the directory. */
    private void leaveFloor2() throws Exception {
        directory.server.modify(FLOOR2, new Modification(ModificationType.DELETE, "member", FS02));
        directory.server.modify(FS02, new Modification(ModificationType.DELETE, "memberOf", FLOOR2));
    }

    @Test
    void theCacheIsBounded() {
        LdapGroupResolver r = resolver(Map.of("cache.max.entries", 2));
        read(r, "FS02$");
        read(r, "EXCH01$");
        read(r, "bob");
        assertEquals(2, r.cachedAccounts());
    }

    @Test
    void whenTheDirectoryIsDownCachedGroupsAreUsedThenNoneAndItIsTriedAgainLater() throws Exception {
        LdapGroupResolver r = resolver(Map.of("cache.ttl.seconds", 60, "retry.after.failure.seconds", 30));
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")));

        directory.stop();
        clock.advance(Duration.ofMinutes(2)); // the cached answer has expired
        Membership stale = assertTimeoutPreemptively(DEADLINE, () -> read(r, "FS02$"));
        assertEquals(FS02_GROUPS, depths(stale), "the last known groups while the directory is down");
        assertEquals(Membership.NONE, assertTimeoutPreemptively(DEADLINE, () -> read(r, "EXCH01$")),
                "an account never read has no groups");

        directory.restart();
        assertEquals(Membership.NONE, read(r, "EXCH01$"), "not tried again before the pause is over");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(Map.of("RMS Exchange", 1), depths(assertTimeoutPreemptively(DEADLINE,
                () -> read(r, "EXCH01$"))), "the directory is used again once it answers");
    }

    @Test
    void aNewConfigurationStartsWithAnEmptyCache() {
        LdapGroupResolver r = resolver(Map.of());
        read(r, "FS02$");
        assertEquals(1, r.cachedAccounts());
        r.modified(Configs.of(LdapConfiguration.class, directory.config(Map.of("membership", "MEMBER"))));
        assertEquals(0, r.cachedAccounts());
        assertEquals(FS02_GROUPS, depths(read(r, "FS02$")));
    }

    @Test
    void anUnusableConfigurationMeansNoGroups() {
        assertEquals(Membership.NONE, read(resolver(Map.of("url", "http://dc01")), "FS02$"));
        assertEquals(Membership.NONE, read(resolver(Map.of("group.filter", "(objectClass=group")), "FS02$"));
    }

    @Test
    void groupsAreReadOverLdapsWithTheConfiguredTrustStore(@TempDir Path tmp) throws Exception {
        String keyStore = tmp.resolve("ldap-server.p12").toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode rc = ManageCertificates.main(null, out, out, "generate-self-signed-certificate", "--keystore",
                keyStore, "--keystore-password", "server-pin", "--keystore-type", "PKCS12", "--alias", "server-cert",
                "--subject-dn", "CN=localhost", "--subject-alternative-name-ip-address",
                TestDirectory.loopback().getHostAddress(), "--days-valid", "2", "--key-algorithm", "EC",
                "--key-length-bits", "256", "--signature-algorithm", "SHA256withECDSA");
        assertEquals(ResultCode.SUCCESS, rc, out.toString());
        int port = TestDirectory.freePort();
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(TestDirectory.BASE);
        config.setSchema(null);
        SSLUtil serverTls = new SSLUtil(new KeyStoreKeyManager(keyStore, "server-pin".toCharArray(), "PKCS12",
                "server-cert"), null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig("ldaps", TestDirectory.loopback(), port,
                serverTls.createSSLServerSocketFactory(), null));
        InMemoryDirectoryServer tls = new InMemoryDirectoryServer(config);
        try {
            tls.importFromLDIF(true, Path.of(getClass().getResource("/ldap/contoso.ldif").toURI()).toString());
            tls.startListening();
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("url", "ldaps://" + TestDirectory.loopback().getHostAddress() + ":" + port);
            props.put("base.dn", TestDirectory.BASE);
            props.put("tls.truststore.path", keyStore);
            props.put(".tls.truststore.password", "server-pin");
            started(new LdapGroupResolver(Configs.of(LdapConfiguration.class, props), clock));
            assertEquals(FS02_GROUPS, depths(assertTimeoutPreemptively(DEADLINE, () -> read(resolver, "FS02$"))));

            // without the trust store, the JVM's CAs do not know the directory's certificate: no groups
            props.remove("tls.truststore.path");
            resolver.modified(Configs.of(LdapConfiguration.class, props));
            assertEquals(Membership.NONE, assertTimeoutPreemptively(DEADLINE, () -> read(resolver, "FS02$")));
        } finally {
            tls.shutDown(true);
        }
    }
}

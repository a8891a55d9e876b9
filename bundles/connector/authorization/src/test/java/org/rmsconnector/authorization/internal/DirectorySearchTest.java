package org.rmsconnector.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.SearchRequest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.policy.AuthorizedServer.Kind;
import org.rmsconnector.testing.Configs;
import org.rmsconnector.testing.MutableClock;

/** The administrator's directory search against a real LDAP server on a free loopback port, over TCP. */
class DirectorySearchTest {
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
        resolver = new LdapGroupResolver(Configs.of(LdapConfiguration.class, directory.config(overrides)), clock);
        resolver.start();
        return resolver;
    }

    private List<DirectoryEntry> search(String text) throws AdminException {
        return resolver(Map.of()).search(text, 50);
    }

    @Test
    void findsAUserByAnyPartOfItsNamesAsUserAtDomain() throws Exception {
        DirectoryEntry alice = new DirectoryEntry("alice@contoso.com", Kind.ACCOUNT, "Alice Smith",
                "cn=Alice Smith,ou=People,dc=contoso,dc=com");
        assertEquals(List.of(alice), search("ali"), "sAMAccountName and UPN");
        assertEquals(List.of(alice), search("SMITH"), "common name, any case");
        assertEquals(List.of(new DirectoryEntry("frank@contoso.com", Kind.ACCOUNT, "Frank Twin",
                "cn=Frank Twin,ou=People,dc=contoso,dc=com")), search("frank"),
                "without a UPN: the sAMAccountName qualified with the entry's domain");
    }

    @Test
    void findsComputersAsTheirHostAccount() throws Exception {
        assertEquals(List.of(
                new DirectoryEntry("EXCH01$", Kind.COMPUTER, "EXCH01", "cn=EXCH01,ou=Computers,dc=contoso,dc=com"),
                new DirectoryEntry("EXCH02$", Kind.COMPUTER, "EXCH02", "cn=EXCH02,ou=Computers,dc=contoso,dc=com"),
                new DirectoryEntry("RMS Exchange", Kind.GROUP, "RMS Exchange",
                        "cn=RMS Exchange,ou=Groups,dc=contoso,dc=com")),
                search("exch"), "the computers, and the group whose name holds the fragment too");
        assertEquals(List.of("FS02$"), accounts(search("fs02.contoso")), "by its DNS host name");
    }

    @Test
    void findsGroupsByTheirName() throws Exception {
        List<DirectoryEntry> found = search("RMS");
        assertEquals(List.of("RMS Exchange", "RMS File Servers"), accounts(found));
        assertTrue(found.stream().allMatch(e -> e.kind() == Kind.GROUP), found.toString());
        assertEquals(List.of("Paris File Servers", "Paris Floor 2 File Servers"), accounts(search("paris")));
    }

    @Test
    void aFragmentIsOneLiteralValueNeverFilterSyntax() throws Exception {
        LdapGroupResolver r = resolver(Map.of());
        for (String hostile : new String[] {"*)(uid=*", "*", "*)(objectClass=*", "x)(|(cn=*", "\\2a", "*)(cn=*))(|(cn=*"}) {
            assertEquals(List.of(), r.search(hostile, 200), hostile + " must find nothing");
        }
        // an entry whose name holds the special characters is found by them, as written
        directory.server.add("dn: cn=Lab (Test) *Srv*,ou=Computers,dc=contoso,dc=com", "objectClass: computer",
                "cn: Lab (Test) *Srv*", "sAMAccountName: LAB01$");
        assertEquals(List.of("LAB01$"), accounts(r.search("(Test) *Srv", 200)));
        assertEquals(List.of(), r.search("(Test)*Srv", 200), "the asterisk is a character, not a wildcard");
    }

    @Test
    void theRequestCarriesTheSizeAndTimeLimits() throws Exception {
        LdapGroupResolver.Settings settings = LdapGroupResolver.Settings.of(
                Configs.of(LdapConfiguration.class, directory.config(Map.of("response.timeout.ms", 2500))));
        SearchRequest request = DirectoryQuery.request(settings, "a", 7);
        assertEquals(7, request.getSizeLimit());
        assertEquals(3, request.getTimeLimitSeconds());
        assertEquals(2500, request.getResponseTimeoutMillis(null));
        assertEquals(TestDirectory.BASE, request.getBaseDN());
    }

    @Test
    void theLimitCapsTheAnswer() throws Exception {
        LdapGroupResolver r = resolver(Map.of());
        assertTrue(r.search("o", 200).size() > 3, "the fragment matches many entries");
        assertEquals(3, r.search("o", 3).size());
        assertEquals(1, r.search("o", 1).size());
    }

    @Test
    void badInputIsInvalid() {
        LdapGroupResolver r = resolver(Map.of());
        assertReason(AdminException.Reason.INVALID, () -> r.search("", 10));
        assertReason(AdminException.Reason.INVALID, () -> r.search("   ", 10));
        assertReason(AdminException.Reason.INVALID, () -> r.search(null, 10));
        assertReason(AdminException.Reason.INVALID, () -> r.search("alice", 0));
        assertReason(AdminException.Reason.INVALID, () -> r.search("alice", 201));
        assertReason(AdminException.Reason.INVALID, () -> r.search("a".repeat(257), 10));
    }

    @Test
    void withoutADirectoryItIsUnavailable() {
        resolver = new LdapGroupResolver(Configs.defaults(LdapConfiguration.class), clock);
        AdminException e = assertReason(AdminException.Reason.UNAVAILABLE, () -> resolver.search("alice", 10));
        assertTrue(e.getMessage().contains("no LDAP directory is configured"), e.getMessage());
    }

    @Test
    void anUnreachableDirectoryIsUnavailableAndIsTriedAgainAtOnceWhenItIsBack() throws Exception {
        LdapGroupResolver r = resolver(Map.of("retry.after.failure.seconds", 300));
        directory.stop();
        AdminException e = assertReason(AdminException.Reason.UNAVAILABLE,
                () -> assertTimeoutPreemptively(DEADLINE, () -> r.search("alice", 10)));
        assertTrue(e.getMessage().contains(directory.url()), e.getMessage());
        directory.restart();
        // well within the pause after the failure: an administrator's search still goes to the directory
        assertEquals(List.of("alice@contoso.com"), accounts(assertTimeoutPreemptively(DEADLINE,
                () -> r.search("alice", 10))));
        assertEquals("cn=RMS Exchange,ou=Groups,dc=contoso,dc=com", LdapGroupResolverTest.read(r, "EXCH01$").groups().get(0).dn(),
                "and group lookups use it again too");
    }

    @Test
    void aWrongBindPasswordIsUnavailable() {
        LdapGroupResolver r = resolver(Map.of(".bind.password", "wrong"));
        AdminException e = assertReason(AdminException.Reason.UNAVAILABLE,
                () -> assertTimeoutPreemptively(DEADLINE, () -> r.search("alice", 10)));
        assertTrue(e.getMessage().contains("bind account"), e.getMessage());
    }

    private static List<String> accounts(List<DirectoryEntry> entries) {
        return entries.stream().map(DirectoryEntry::account).toList();
    }

    private interface Search {
        Object run() throws Exception;
    }

    private static AdminException assertReason(AdminException.Reason reason, Search search) {
        AdminException e = assertThrows(AdminException.class, search::run);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(!e.getMessage().isBlank());
        return e;
    }
}

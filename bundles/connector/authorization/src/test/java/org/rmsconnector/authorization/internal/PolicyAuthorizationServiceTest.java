package org.rmsconnector.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.service.event.Event;
import org.rmsconnector.api.auth.Authorization;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer.Kind;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.testing.Configs;
import org.rmsconnector.testing.RecordingEventAdmin;

/** Decisions on a real directory (in-memory LDAP over TCP) and the events they raise. */
class PolicyAuthorizationServiceTest {
    private static final Instant CONFIRMED = Instant.parse("2026-01-10T09:00:00Z");
    private static final String HOST = "192.0.2.10";

    private static TestDirectory directory;
    private static LdapGroupResolver groups;

    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private PolicyAuthorizationService service;

    @BeforeAll
    static void startDirectory() throws Exception {
        directory = new TestDirectory();
        groups = new LdapGroupResolver(Configs.of(LdapConfiguration.class, directory.config(Map.of())));
        groups.start();
    }

    @AfterAll
    static void stopDirectory() {
        groups.deactivate();
        directory.close();
    }

    @BeforeEach
    void newService() {
        service = service(Map.of());
    }

    private PolicyAuthorizationService service(Map<String, Object> config) {
        PolicyAuthorizationService s = new PolicyAuthorizationService(
                Configs.of(AuthorizationConfiguration.class, config), "node-1");
        s.groupResolver = groups;
        s.eventAdmin = events;
        return s;
    }

    static AuthorizedServer entry(String account, Kind kind, Workload role) {
        return new AuthorizedServer(account, kind, role);
    }

    static AuthorizationPolicy policy(long version, AuthorizedServer... entries) {
        return new AuthorizationPolicy(version, List.of(entries), "signed-v" + version, CONFIRMED, false);
    }

    /** The list every decision below is made on. */
    static final AuthorizationPolicy V1 = policy(1,
            entry("alice@contoso.com", Kind.ACCOUNT, Workload.SHAREPOINT),
            entry("EXCH01", Kind.COMPUTER, Workload.EXCHANGE),
            entry("CONTOSO\\svc-fci", Kind.ACCOUNT, Workload.FCI),
            entry("CONTOSO\\cwhite", Kind.ACCOUNT, Workload.SHAREPOINT),
            entry("FS01$", Kind.COMPUTER, Workload.FCI),
            entry("SharePoint Farm", Kind.GROUP, Workload.SHAREPOINT),
            entry("CONTOSO\\RMS-FileServers", Kind.GROUP, Workload.FCI));

    private static Caller https(String account) {
        return new Caller(account, HOST, "client-certificate", true);
    }

    private static Caller http(String account) {
        return new Caller(account, HOST, "client-certificate", false);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            alice@contoso.com   | direct account entry                          | alice@contoso.com       | SHAREPOINT
            CONTOSO\\alice       | the same account written DOMAIN\\name          | alice@contoso.com       | SHAREPOINT
            ALICE               | the same account, bare and upper case         | alice@contoso.com       | SHAREPOINT
            alice@fabrikam.com  | same name, other domain                       | -                       | -
            EXCH01$             | computer account entry written without $      | EXCH01                  | EXCHANGE
            svc-fci@contoso.com | account entry written DOMAIN\\name             | CONTOSO\\svc-fci         | FCI
            carol@contoso.com   | entry written with the directory's other name | CONTOSO\\cwhite          | SHAREPOINT
            bob@contoso.com     | member of a listed group                      | SharePoint Farm         | SHAREPOINT
            SP01$               | computer in a listed group                    | SharePoint Farm         | SHAREPOINT
            FS02$               | member through two levels of nesting          | CONTOSO\\RMS-FileServers | FCI
            FS01$               | own entry wins over its group                 | FS01$                   | FCI
            dave@contoso.com    | in the directory, in no listed group          | -                       | -
            EXCH02$             | computer not listed                           | -                       | -
            mallory@contoso.com | not in the directory                          | -                       | -
            """)
    void decisions(String account, String why, String entry, Workload role) {
        service.policyChanged(V1);
        Optional<Authorization> decision = service.authorize(https(account));
        Optional<Authorization> expected = entry == null ? Optional.empty()
                : Optional.of(new Authorization(entry, role, 1));
        assertEquals(expected, decision, why);
    }

    @Test
    void aGroupMemberWhoseGroupsAreNotKnownYetIsDecidedWhenTheDirectoryAnswers() {
        CompletableFuture<Membership> directoryAnswer = new CompletableFuture<>();
        List<String> asked = new ArrayList<>();
        service.groupResolver = account -> {
            asked.add(account);
            return directoryAnswer;
        };
        service.policyChanged(V1);
        CompletableFuture<Optional<Authorization>> decision = service.authorizeAsync(https("bob@contoso.com"))
                .toCompletableFuture();
        assertFalse(decision.isDone(), "the caller does not wait for the directory");
        assertEquals(List.of("bob@contoso.com"), asked);
        assertEquals(List.of(), events.ids(), "nothing is decided yet");

        directoryAnswer.complete(new Membership(Set.of("bob@contoso.com"), List.of(new Membership.Group(
                "cn=SharePoint Farm,ou=Groups,dc=contoso,dc=com", Set.of("SharePoint Farm@contoso.com"), 1))));
        assertEquals(Optional.of(new Authorization("SharePoint Farm", Workload.SHAREPOINT, 1)), decision.join());
        assertEquals(List.of(1002), events.ids());
    }

    @Test
    void anAccountsOwnEntryIsDecidedAtOnceWithoutTheDirectory() {
        service.groupResolver = account -> {
            throw new AssertionError("the directory is not needed for " + account);
        };
        service.policyChanged(V1);
        CompletableFuture<Optional<Authorization>> decision = service.authorizeAsync(https("alice@contoso.com"))
                .toCompletableFuture();
        assertTrue(decision.isDone());
        assertEquals(Workload.SHAREPOINT, decision.join().orElseThrow().role());
    }

    @Test
    void anEntryRemovedByAPolicyChangeNoLongerAuthorizes() {
        service.policyChanged(V1);
        assertEquals(Workload.SHAREPOINT, service.authorize(https("bob@contoso.com")).orElseThrow().role());
        List<AuthorizedServer> without = new ArrayList<>(V1.entries());
        without.removeIf(e -> e.account().equals("SharePoint Farm"));
        service.policyChanged(policy(2, without.toArray(AuthorizedServer[]::new)));
        assertEquals(Optional.empty(), service.authorize(https("bob@contoso.com")));
        assertEquals(2, service.policyVersion());
    }

    @Test
    void aRoleChangeTakesEffectWithTheNextVersion() {
        service.policyChanged(V1);
        service.policyChanged(policy(2, entry("EXCH01$", Kind.COMPUTER, Workload.FCI)));
        assertEquals(new Authorization("EXCH01$", Workload.FCI, 2), service.authorize(https("EXCH01$")).orElseThrow());
    }

    @Test
    void theNearestGroupWins() {
        service.policyChanged(policy(1,
                entry("RMS File Servers", Kind.GROUP, Workload.SHAREPOINT),
                entry("Paris File Servers", Kind.GROUP, Workload.EXCHANGE),
                entry("Paris Floor 2 File Servers", Kind.GROUP, Workload.FCI)));
        assertEquals("Paris Floor 2 File Servers", service.authorize(https("FS02$")).orElseThrow().entry());
    }

    @Test
    void aGroupEntryNamingAnotherDomainDoesNotMatch() {
        service.policyChanged(policy(1, entry("FABRIKAM\\SharePoint-Farm", Kind.GROUP, Workload.EXCHANGE)));
        assertEquals(Optional.empty(), service.authorize(https("bob@contoso.com")));
        service.policyChanged(policy(2, entry("CONTOSO\\SharePoint-Farm", Kind.GROUP, Workload.SHAREPOINT)));
        assertEquals("CONTOSO\\SharePoint-Farm", service.authorize(https("bob@contoso.com")).orElseThrow().entry());
        service.policyChanged(policy(3, entry("CN=SharePoint Farm,OU=Groups,DC=contoso,DC=com", Kind.GROUP,
                Workload.SHAREPOINT)));
        assertTrue(service.authorize(https("bob@contoso.com")).isPresent(), "a group entry written as its DN");
    }

    @Test
    void betweenEqualMatchesTheOrderIsFixedNotTheListsOrder() {
        List<AuthorizedServer> entries = new ArrayList<>(List.of(
                entry("alice", Kind.ACCOUNT, Workload.EXCHANGE),               // no domain: after those with one
                entry("alice@contoso.com", Kind.ACCOUNT, Workload.SHAREPOINT),
                entry("CONTOSO\\alice", Kind.ACCOUNT, Workload.EXCHANGE),       // sorts after "alice@contoso.com"
                entry("alice@contoso.com", Kind.ACCOUNT, Workload.EXCHANGE)));  // same text: least privilege first
        Random random = new Random(42);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(entries, random);
            service.policyChanged(policy(i + 1, entries.toArray(AuthorizedServer[]::new)));
            assertEquals(new Authorization("alice@contoso.com", Workload.SHAREPOINT, i + 1),
                    service.authorize(https("alice@contoso.com")).orElseThrow(), "order " + entries);
        }
    }

    @Test
    void withoutADirectoryOnlyAccountEntriesMatch() {
        service.groupResolver = null;
        service.policyChanged(V1);
        assertEquals(Optional.empty(), service.authorize(https("bob@contoso.com")));
        assertEquals("EXCH01", service.authorize(https("EXCH01$")).orElseThrow().entry());
    }

    @Test
    void theFirstAuthorizationOfAnAccountIsAnnouncedOnce() {
        service.policyChanged(V1);
        service.authorize(https("EXCH01$"));
        service.authorize(https("exch01$"));
        service.authorize(https("mallory@contoso.com"));
        assertEquals(List.of(1002), events.ids());
        Event first = events.last(ConnectorEvent.FIRST_CONNECTION);
        assertEquals("org/rmsconnector/event/1002", first.getTopic());
        assertEquals("EXCH01$", first.getProperty("account"));
        assertEquals(HOST, first.getProperty("host"));
        assertEquals("EXCH01", first.getProperty("entry"));
        assertEquals("exchange", first.getProperty("role"));
        assertEquals("node-1", first.getProperty("node"));
        assertEquals("INFO", first.getProperty(ConnectorEvent.PROPERTY_LEVEL));
        assertTrue(String.valueOf(first.getProperty(ConnectorEvent.PROPERTY_MESSAGE)).contains("EXCH01$"));
    }

    @Test
    void plainHttpIsWarnedAboutOncePerAccountAndTheSwitchToHttpsIsNoted() {
        service.policyChanged(V1);
        assertTrue(service.authorize(http("EXCH01$")).isPresent());
        assertTrue(service.authorize(http("EXCH01$")).isPresent());
        assertEquals(List.of(2002, 1002), events.ids());
        Event plain = events.last(ConnectorEvent.PLAIN_HTTP);
        assertEquals("WARNING", plain.getProperty(ConnectorEvent.PROPERTY_LEVEL));
        assertEquals(false, plain.getProperty("refused"));
        assertEquals("EXCH01$", plain.getProperty("account"));

        events.clear();
        assertTrue(service.authorize(https("EXCH01$")).isPresent());
        assertTrue(service.authorize(https("EXCH01$")).isPresent());
        assertEquals(List.of(1003), events.ids());
        assertEquals("EXCH01$", events.last(ConnectorEvent.SWITCHED_TO_HTTPS).getProperty("account"));

        events.clear();
        service.authorize(http("EXCH01$"));
        assertEquals(List.of(), events.ids(), "2002 is once per account");
    }

    @Test
    void aCallerNotOnTheListRaisesNoPlainHttpEvent() {
        service.policyChanged(V1);
        assertEquals(Optional.empty(), service.authorize(http("mallory@contoso.com")));
        assertEquals(List.of(), events.ids());
    }

    @Test
    void plainHttpCanBeRefusedAndTheEventSaysWhy() {
        service = service(Map.of("refuse.plain.http", true));
        service.policyChanged(V1);
        assertEquals(Optional.empty(), service.authorize(http("EXCH01$")));
        assertEquals(Optional.empty(), service.authorize(http("EXCH01$")));
        assertEquals(List.of(2002), events.ids());
        Event refused = events.last(ConnectorEvent.PLAIN_HTTP);
        assertEquals(true, refused.getProperty("refused"));
        String message = String.valueOf(refused.getProperty(ConnectorEvent.PROPERTY_MESSAGE));
        assertTrue(message.contains("refused") && message.contains("refuse.plain.http"), message);

        events.clear();
        assertEquals(Workload.EXCHANGE, service.authorize(https("EXCH01$")).orElseThrow().role());
        assertEquals(List.of(1003, 1002), events.ids());
    }

    @Test
    void refusingPlainHttpCanBeSwitchedAtRunTime() {
        service.policyChanged(V1);
        assertTrue(service.authorize(http("EXCH01$")).isPresent());
        service.modified(Configs.of(AuthorizationConfiguration.class, Map.of("refuse.plain.http", true)));
        assertEquals(Optional.empty(), service.authorize(http("EXCH01$")));
        assertTrue(service.authorize(https("EXCH01$")).isPresent());
    }

    @Test
    void anEmptyListIsReportedOncePerVersion() {
        service.policyChanged(policy(3));
        service.policyChanged(policy(3));
        assertEquals(Optional.empty(), service.authorize(https("EXCH01$")));
        assertEquals(List.of(2003), events.ids());
        Event empty = events.last(ConnectorEvent.POLICY_EMPTY);
        assertEquals(3L, empty.getProperty("policyVersion"));
        assertEquals("WARNING", empty.getProperty(ConnectorEvent.PROPERTY_LEVEL));

        service.policyChanged(policy(4, V1.entries().toArray(AuthorizedServer[]::new)));
        service.policyChanged(policy(5));
        assertEquals(List.of(2003, 2003), events.ids());
    }

    @Test
    void withoutAnyListNobodyIsAuthorized() {
        assertEquals(Optional.empty(), service.authorize(https("EXCH01$")));
        assertEquals(0, service.policyVersion());
        assertEquals(Optional.empty(), service.policyUpdated());
        assertEquals(Optional.empty(), service.policyInForce());
    }

    @Test
    void anOlderVersionArrivingLateIsIgnored() {
        service.policyChanged(policy(5, entry("EXCH01$", Kind.COMPUTER, Workload.EXCHANGE)));
        service.policyChanged(V1);
        assertEquals(5, service.policyVersion());
    }

    @Test
    void aReconfirmedListUpdatesItsAge() {
        service.policyChanged(V1);
        Instant later = CONFIRMED.plusSeconds(900);
        service.policyChanged(new AuthorizationPolicy(1, V1.entries(), V1.signedDocument(), later, false));
        assertEquals(Optional.of(later), service.policyUpdated());
    }

    @Test
    void withoutEventAdminEventsAreLoggedAndNothingFails() {
        service.eventAdmin = null;
        service.policyChanged(policy(1));
        service.policyChanged(policy(2, V1.entries().toArray(AuthorizedServer[]::new)));
        assertTrue(service.authorize(http("EXCH01$")).isPresent());
        assertEquals(List.of(), events.ids());
    }

    @Test
    void netbiosAliasesAreConfigurable() {
        service = service(Map.of("netbios.domains", new String[] {"CORP=contoso.com"}));
        service.policyChanged(policy(1, entry("CORP\\alice", Kind.ACCOUNT, Workload.SHAREPOINT)));
        assertTrue(service.authorize(https("alice@contoso.com")).isPresent());
        PolicyAuthorizationService withoutAlias = service(Map.of());
        withoutAlias.policyChanged(policy(1, entry("CORP\\alice", Kind.ACCOUNT, Workload.SHAREPOINT)));
        assertEquals(Optional.empty(), withoutAlias.authorize(https("alice@contoso.com")));
    }
}

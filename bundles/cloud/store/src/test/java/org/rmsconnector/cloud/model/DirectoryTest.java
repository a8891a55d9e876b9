package org.rmsconnector.cloud.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DirectoryTest {

    private final Directory directory = Directory.of(
            List.of(new User("Alice@Contoso.com", "alice.smith@contoso.com", "Alice"), User.of("bob@contoso.com")),
            List.of(new Group("All", Set.of(), Set.of("Sales", "IT")),
                    new Group("Sales", Set.of("alice.smith@contoso.com"), Set.of("Paris")),
                    Group.ofUsers("Paris", "bob@contoso.com", "partner@fabrikam.com"),
                    Group.ofUsers("IT")));

    @Test
    void resolvesNestedMembershipThroughEveryLevel() {
        assertEquals(Set.of("paris", "sales", "all"), directory.effectiveGroups("bob@contoso.com"));
        assertTrue(directory.isMember("BOB@contoso.com", "ALL"));
        assertFalse(directory.isMember("bob@contoso.com", "it"));
    }

    @Test
    void membershipByMailAliasCountsForTheUpn() {
        assertEquals(Set.of("sales", "all"), directory.effectiveGroups("alice@contoso.com"));
        assertEquals(directory.effectiveGroups("alice@contoso.com"), directory.effectiveGroups("alice.smith@contoso.com"));
    }

    @Test
    void externalMembersAreMembersButNotUsers() {
        assertTrue(directory.isMember("partner@fabrikam.com", "all"));
        assertFalse(directory.containsUser("partner@fabrikam.com"));
        assertEquals(Set.of(), directory.effectiveGroups("nobody@contoso.com"));
    }

    @Test
    void membershipCyclesTerminate() {
        Directory cyclic = Directory.of(List.of(User.of("u@contoso.com")),
                List.of(new Group("a", Set.of("u@contoso.com"), Set.of("b")), new Group("b", Set.of(), Set.of("c")),
                        new Group("c", Set.of(), Set.of("a"))));

        Set<String> groups = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> cyclic.effectiveGroups("u@contoso.com"));

        assertEquals(Set.of("a", "b", "c"), groups);
    }

    @Test
    void refusesTwoUsersWithOneIdentifier() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Directory.of(
                List.of(new User("a@contoso.com", "shared@contoso.com", null),
                        new User("b@contoso.com", "shared@contoso.com", null)), List.of()));
        assertTrue(e.getMessage().contains("shared@contoso.com"), e.getMessage());
    }
}

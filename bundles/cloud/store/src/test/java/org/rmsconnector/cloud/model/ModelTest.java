package org.rmsconnector.cloud.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.rmsconnector.protocol.Right;

class ModelTest {

    private final Template template = new Template(UUID.randomUUID(), "Confidential", "Staff only",
            List.of(Grant.group("Sales", Right.VIEW, Right.EDIT)), ContentExpiry.daysAfterProtection(30), 7,
            TemplateStatus.PUBLISHED, false);

    @Test
    void contentHashFollowsThePolicyNotTheId() {
        Template sameContentOtherId = new Template(UUID.randomUUID(), template.name(), template.description(),
                List.of(Grant.group("sales", Right.EDIT, Right.VIEW)), template.expiry(), 7, TemplateStatus.PUBLISHED, false);

        assertEquals(template.contentHash(), sameContentOtherId.contentHash(), "same policy, same hash");
        assertNotEquals(template.contentHash(), template.withGrants(List.of(Grant.group("sales", Right.VIEW))).contentHash());
        assertNotEquals(template.contentHash(), template.withStatus(TemplateStatus.ARCHIVED).contentHash());
        assertNotEquals(template.contentHash(), template.withExpiry(ContentExpiry.never()).contentHash());
        assertEquals(64, template.contentHash().length());
    }

    @Test
    void expiryIsCountedFromProtection() {
        Instant protectedAt = Instant.parse("2026-01-01T00:00:00Z");

        assertEquals(Instant.parse("2026-01-31T00:00:00Z"), template.expiry().notAfter(protectedAt).orElseThrow());
        assertTrue(ContentExpiry.never().notAfter(protectedAt).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ContentExpiry.daysAfterProtection(0));
    }

    @Test
    void grantsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Grant(PrincipalKind.USER, "bob@contoso.com", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> new Grant(PrincipalKind.EVERYONE, "bob@contoso.com", Set.of(Right.VIEW)));
        assertThrows(IllegalArgumentException.class, () -> new Grant(PrincipalKind.GROUP, " ", Set.of(Right.VIEW)));
        assertEquals("bob@contoso.com", Grant.user(" Bob@Contoso.com ", Right.VIEW).principal());
    }

    @Test
    void enumsFromAdministratorInputNameTheValidValues() {
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> AccountKind.parse("machine"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ServerRole.parse(null));

        assertTrue(kind.getMessage().contains("[ACCOUNT, COMPUTER, GROUP]"), kind.getMessage());
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertEquals(ServerRole.FCI, ServerRole.parse(" fci "));
        assertTrue(ServerRole.EXCHANGE.isSuperUser());
    }
}

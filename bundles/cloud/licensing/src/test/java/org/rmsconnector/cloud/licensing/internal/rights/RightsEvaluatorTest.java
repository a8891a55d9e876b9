package org.rmsconnector.cloud.licensing.internal.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rmsconnector.cloud.model.ContentExpiry;
import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Grant;
import org.rmsconnector.cloud.model.Group;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TemplateStatus;
import org.rmsconnector.cloud.model.User;
import org.rmsconnector.protocol.Right;

class RightsEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    /** contoso: sales ⊃ sales-emea ⊃ sales-paris (two levels of nesting), rms-admins holds the super users. */
    private static final Directory CONTOSO = Directory.of(
            List.of(new User("alice@contoso.com", "alice.smith@contoso.com", "Alice Smith"),
                    User.of("bob@contoso.com"), User.of("carol@contoso.com"), User.of("dave@contoso.com"),
                    User.of("erin@contoso.com"), User.of("frank@contoso.com"), User.of("admin@contoso.com"),
                    User.of("sam@contoso.com")),
            List.of(new Group("sales", Set.of("dave@contoso.com"), Set.of("sales-emea")),
                    new Group("sales-emea", Set.of(), Set.of("sales-paris")),
                    Group.ofUsers("sales-paris", "erin@contoso.com"),
                    new Group("rms-admins", Set.of(), Set.of("it-ops")),
                    Group.ofUsers("it-ops", "admin@contoso.com")));

    private static final SuperUserConfig SUPER_USERS_ON = new SuperUserConfig(true, "rms-admins", Set.of("sam@contoso.com"));
    private static final SuperUserConfig SUPER_USERS_OFF = new SuperUserConfig(false, "rms-admins", Set.of("sam@contoso.com"));

    private static final UUID PROJECT_ID = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    /** Templates by the name the table uses; "project" and "project-v2" are two versions of one template. */
    private static final Map<String, Template> TEMPLATES = Map.of(
            "confidential", template("Confidential", ContentExpiry.never(),
                    Grant.user("bob@contoso.com", Right.VIEW, Right.PRINT),
                    Grant.group("sales", Right.VIEW, Right.EDIT)),
            "all-employees", template("All employees", ContentExpiry.never(), Grant.everyone(Right.VIEW)),
            "partners", template("Partners", ContentExpiry.never(), Grant.user("partner@fabrikam.com", Right.VIEW)),
            "co-owners", template("Co-owners", ContentExpiry.never(), Grant.user("carol@contoso.com", Right.OWNER)),
            "expired", template("Expired", ContentExpiry.onDate(NOW.minus(Duration.ofDays(1))),
                    Grant.user("bob@contoso.com", Right.VIEW)),
            "week", template("One week", ContentExpiry.daysAfterProtection(7), Grant.user("bob@contoso.com", Right.VIEW)),
            "archived", template("Old", ContentExpiry.never(), Grant.user("bob@contoso.com", Right.VIEW))
                    .withStatus(TemplateStatus.ARCHIVED),
            "project", new Template(PROJECT_ID, "Project", "", List.of(Grant.user("bob@contoso.com", Right.VIEW)),
                    ContentExpiry.never(), 7, TemplateStatus.PUBLISHED, false),
            "project-v2", new Template(PROJECT_ID, "Project", "",
                    List.of(Grant.user("carol@contoso.com", Right.VIEW, Right.EDIT)),
                    ContentExpiry.never(), 7, TemplateStatus.PUBLISHED, false));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                      | template      | protected days ago | super users | requester               | expected
            owner gets every right                      | confidential  | 1                  | on          | alice@contoso.com       | owner
            owner known by mail alias                   | confidential  | 1                  | on          | Alice.Smith@contoso.com | owner
            owner even after expiry                     | expired       | 30                 | on          | alice@contoso.com       | owner
            direct grantee gets exactly the grant       | confidential  | 1                  | on          | bob@contoso.com         | granted VIEW PRINT
            grantee matched case-insensitively          | confidential  | 1                  | on          | BOB@Contoso.COM         | granted VIEW PRINT
            non-grantee of the tenant                   | confidential  | 1                  | on          | frank@contoso.com       | refused NOT_GRANTED
            stranger                                    | confidential  | 1                  | on          | outsider@fabrikam.com   | refused USER_UNKNOWN
            group member                                | confidential  | 1                  | on          | dave@contoso.com        | granted VIEW EDIT
            nested group member, two levels down        | confidential  | 1                  | on          | erin@contoso.com        | granted VIEW EDIT
            everyone grant reaches any tenant user      | all-employees | 1                  | on          | frank@contoso.com       | granted VIEW
            everyone grant excludes strangers           | all-employees | 1                  | on          | outsider@fabrikam.com   | refused USER_UNKNOWN
            external user named by a grant              | partners      | 1                  | on          | partner@fabrikam.com    | granted VIEW
            OWNER right in a grant implies all rights   | co-owners     | 1                  | on          | carol@contoso.com       | granted ALL
            super user by nested group after expiry     | expired       | 30                 | on          | admin@contoso.com       | super user
            named super user after expiry               | expired       | 30                 | on          | sam@contoso.com         | super user
            super user on unexpired content             | confidential  | 1                  | on          | sam@contoso.com         | super user
            super-user feature off: group member        | expired       | 30                 | off         | admin@contoso.com       | refused NOT_GRANTED
            super-user feature off: named user          | confidential  | 1                  | off         | sam@contoso.com         | refused NOT_GRANTED
            grantee after expiry                        | expired       | 30                 | on          | bob@contoso.com         | refused CONTENT_EXPIRED
            within days-after-protection                | week          | 3                  | on          | bob@contoso.com         | granted VIEW
            past days-after-protection                  | week          | 8                  | on          | bob@contoso.com         | refused CONTENT_EXPIRED
            archived template still licenses content    | archived      | 1                  | on          | bob@contoso.com         | granted VIEW
            template before its change                  | project       | 1                  | on          | bob@contoso.com         | granted VIEW
            grantee removed by the change loses access  | project-v2    | 1                  | on          | bob@contoso.com         | refused NOT_GRANTED
            grantee added by the change gains access    | project-v2    | 1                  | on          | carol@contoso.com       | granted VIEW EDIT
            unknown template                            | unknown       | 1                  | on          | bob@contoso.com         | refused TEMPLATE_UNKNOWN
            unknown template, even for the owner        | unknown       | 1                  | on          | alice@contoso.com       | refused TEMPLATE_UNKNOWN
            """)
    void decides(String description, String template, int protectedDaysAgo, String superUsers, String requester,
                 String expected) {
        Map<UUID, Template> catalog = new HashMap<>();
        UUID contentTemplate;
        if (template.equals("unknown")) {
            contentTemplate = UUID.randomUUID();
        } else {
            // the catalog holds only the named version: content refers to the id and gets whatever is current
            Template current = TEMPLATES.get(template);
            catalog.put(current.id(), current);
            contentTemplate = current.id();
        }
        RightsEvaluator evaluator = new RightsEvaluator(id -> Optional.ofNullable(catalog.get(id)));
        LicenseRequest request = new LicenseRequest(new Policy.FromTemplate(contentTemplate), "alice@contoso.com",
                NOW.minus(Duration.ofDays(protectedDaysAgo)), requester);

        Decision decision = evaluator.evaluate(request, CONTOSO, superUsers.equals("on") ? SUPER_USERS_ON : SUPER_USERS_OFF, NOW);

        if (expected.startsWith("refused ")) {
            Decision.Refused refused = assertInstanceOf(Decision.Refused.class, decision, description);
            assertEquals(RefusalReason.valueOf(expected.substring("refused ".length())), refused.reason(), description);
            assertFalse(refused.message().isBlank());
        } else {
            Decision.Granted granted = assertInstanceOf(Decision.Granted.class, decision, description);
            switch (expected) {
                case "owner" -> {
                    assertEquals(Decision.Basis.OWNER, granted.basis());
                    assertEquals(EnumSet.allOf(Right.class), granted.rights());
                }
                case "super user" -> {
                    assertEquals(Decision.Basis.SUPER_USER, granted.basis());
                    assertEquals(EnumSet.allOf(Right.class), granted.rights());
                }
                default -> {
                    assertEquals(Decision.Basis.POLICY, granted.basis());
                    assertEquals(rights(expected.substring("granted ".length())), granted.rights(), description);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                         | status    | for applications | app template | expected
            published template                             | PUBLISHED | false            | false        | ok
            archived template refused for new content      | ARCHIVED  | false            | false        | TEMPLATE_ARCHIVED
            application without identity, app template     | PUBLISHED | true             | true         | ok
            application without identity, user template   | PUBLISHED | true             | false        | TEMPLATE_NOT_FOR_APPLICATIONS
            archived beats application check               | ARCHIVED  | true             | true         | TEMPLATE_ARCHIVED
            """)
    void checksPublishing(String description, TemplateStatus status, boolean withoutUserIdentity,
                          boolean availableWithoutUserIdentity, String expected) {
        Template t = new Template(UUID.randomUUID(), "T", "", List.of(Grant.everyone(Right.VIEW)), ContentExpiry.never(),
                7, status, availableWithoutUserIdentity);
        RightsEvaluator evaluator = new RightsEvaluator(id -> Optional.of(t));

        Optional<Decision.Refused> refusal = evaluator.checkPublishable(t, withoutUserIdentity);

        assertEquals(expected, refusal.map(r -> r.reason().name()).orElse("ok"), description);
        assertEquals(refusal, evaluator.checkPublishable(t.id(), withoutUserIdentity), "lookup by id agrees");
    }

    @Test
    void publishingWithAnUnknownTemplateIsRefused() {
        RightsEvaluator evaluator = new RightsEvaluator(id -> Optional.empty());

        Optional<Decision.Refused> refusal = evaluator.checkPublishable(UUID.randomUUID(), false);

        assertEquals(RefusalReason.TEMPLATE_UNKNOWN, refusal.orElseThrow().reason());
    }

    @Test
    void templateChangeAppliesToContentProtectedBeforeIt() {
        Map<UUID, Template> catalog = new HashMap<>();
        catalog.put(PROJECT_ID, TEMPLATES.get("project"));
        RightsEvaluator evaluator = new RightsEvaluator(id -> Optional.ofNullable(catalog.get(id)));
        LicenseRequest bob = new LicenseRequest(new Policy.FromTemplate(PROJECT_ID), "alice@contoso.com",
                NOW.minus(Duration.ofDays(30)), "bob@contoso.com");
        assertTrue(evaluator.evaluate(bob, CONTOSO, SUPER_USERS_ON, NOW).isGranted());

        catalog.put(PROJECT_ID, TEMPLATES.get("project-v2"));

        assertFalse(evaluator.evaluate(bob, CONTOSO, SUPER_USERS_ON, NOW).isGranted(), "same evaluator, new policy");
    }

    @Test
    void licenseLastsTheOfflineDaysButNeverBeyondContentExpiry() {
        Template week = TEMPLATES.get("week"); // 7 offline days, content expires 7 days after protection
        RightsEvaluator evaluator = new RightsEvaluator(id -> Optional.of(week));
        Instant protectedAt = NOW.minus(Duration.ofDays(5));

        Decision.Granted granted = (Decision.Granted) evaluator.evaluate(new LicenseRequest(
                new Policy.FromTemplate(week.id()), "alice@contoso.com", protectedAt, "bob@contoso.com"),
                CONTOSO, SUPER_USERS_ON, NOW);

        assertEquals(protectedAt.plus(Duration.ofDays(7)), granted.licenseExpiry());
    }

    @Test
    void zeroOfflineDaysMeansTheLicenseIsForImmediateUseOnly() {
        RightsEvaluator evaluator = new RightsEvaluator(id -> Optional.empty());
        Policy adHoc = new Policy.AdHoc(List.of(Grant.user("bob@contoso.com", Right.VIEW)), null, 0);

        Decision.Granted granted = (Decision.Granted) evaluator.evaluate(
                new LicenseRequest(adHoc, "alice@contoso.com", NOW, "bob@contoso.com"), CONTOSO, SUPER_USERS_ON, NOW);

        assertEquals(NOW, granted.licenseExpiry());
    }

    @Test
    void adHocPolicyCarriesItsOwnExpiry() {
        RightsEvaluator evaluator = new RightsEvaluator(id -> Optional.empty());
        Policy expired = new Policy.AdHoc(List.of(Grant.group("sales", Right.VIEW)), NOW.minusSeconds(1), 30);

        Decision member = evaluator.evaluate(new LicenseRequest(expired, "alice@contoso.com", NOW.minus(Duration.ofDays(2)),
                "erin@contoso.com"), CONTOSO, SUPER_USERS_ON, NOW);
        Decision superUser = evaluator.evaluate(new LicenseRequest(expired, "alice@contoso.com",
                NOW.minus(Duration.ofDays(2)), "admin@contoso.com"), CONTOSO, SUPER_USERS_ON, NOW);

        assertEquals(RefusalReason.CONTENT_EXPIRED, ((Decision.Refused) member).reason());
        assertTrue(superUser.isGranted());
    }

    private static Template template(String name, ContentExpiry expiry, Grant... grants) {
        return Template.create(name, name + " policy", List.of(grants), expiry, 7, false);
    }

    private static Set<Right> rights(String names) {
        if (names.equals("ALL")) {
            return EnumSet.allOf(Right.class);
        }
        EnumSet<Right> out = EnumSet.noneOf(Right.class);
        Arrays.stream(names.split(" ")).map(Right::valueOf).forEach(out::add);
        return out;
    }
}

package org.rmsconnector.cloud.licensing.internal.rights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.model.ContentExpiry;
import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Grant;
import org.rmsconnector.cloud.model.Group;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TenantInfo;
import org.rmsconnector.cloud.model.User;
import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.JdbcTxRunner;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.testing.TestDatabase;

/** The rights evaluator over a real store: template changes and the super-user configuration reach its decisions. */
class RightsFromStoreTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private CloudStore store;

    @BeforeEach
    void open() {
        store = new CloudStore(new JdbcTxRunner(TestDatabase.in(tmp).dataSource()), CLOCK);
        store.migrate();
    }

    @Test
    void templateChangesReachTheEvaluatorThroughTheStore() {
        Template project = store.templates().create(Template.create("Project", "", List.of(Grant.user("bob@contoso.com",
                Right.VIEW)), ContentExpiry.never(), 7, false));
        RightsEvaluator evaluator = new RightsEvaluator(store.templates());
        Directory d = Directory.of(List.of(User.of("bob@contoso.com"), User.of("carol@contoso.com")), List.of());
        LicenseRequest bob = new LicenseRequest(new Policy.FromTemplate(project.id()), "alice@contoso.com",
                NOW.minus(Duration.ofDays(10)), "bob@contoso.com");
        LicenseRequest carol = new LicenseRequest(new Policy.FromTemplate(project.id()), "alice@contoso.com",
                NOW.minus(Duration.ofDays(10)), "carol@contoso.com");
        assertTrue(evaluator.evaluate(bob, d, SuperUserConfig.disabled(), NOW).isGranted());
        String hashBefore = store.templates().contentHash(project.id()).orElseThrow();

        store.templates().update(project.withGrants(List.of(Grant.user("carol@contoso.com", Right.VIEW))));
        store.templates().archive(project.id());

        assertFalse(evaluator.evaluate(bob, d, SuperUserConfig.disabled(), NOW).isGranted(), "lost access");
        assertTrue(evaluator.evaluate(carol, d, SuperUserConfig.disabled(), NOW).isGranted(), "gained access, archived or not");
        assertTrue(evaluator.checkPublishable(project.id(), false).isPresent(), "archived: no new content");
        assertFalse(hashBefore.equals(store.templates().contentHash(project.id()).orElseThrow()));
        assertEquals(List.of(), store.templates().list(false));
        assertEquals(1, store.templates().list(true).size());
    }

    @Test
    void licenseDecisionsUseTheStoredSuperUserConfiguration() {
        store.tenant().initialize(new TenantInfo("contoso", "Contoso", NOW));
        store.tenant().setSuperUserFeature(true, "rms-admins");
        store.directory().replace(Directory.of(List.of(User.of("ops@contoso.com")),
                List.of(Group.ofUsers("rms-admins", "ops@contoso.com"))));
        RightsEvaluator evaluator = new RightsEvaluator(store.templates());
        Policy expired = new Policy.AdHoc(List.of(Grant.user("bob@contoso.com", Right.VIEW)), NOW.minusSeconds(60), 7);

        Decision d = evaluator.evaluate(new LicenseRequest(expired, "bob@contoso.com", NOW.minus(Duration.ofDays(1)),
                "ops@contoso.com"), store.directory().load(), store.tenant().superUsers(), NOW);

        assertEquals(Decision.Basis.SUPER_USER, ((Decision.Granted) d).basis());
    }
}

package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.assertRefused;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.basic;

import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.cloud.model.User;
import org.rmsconnector.protocol.Keys;

class CloudAuthenticatorTest {

    @TempDir
    Path tmp;

    private ServiceFixture f;
    private String connector;

    @BeforeEach
    void start() throws Exception {
        f = ServiceFixture.start(tmp);
        connector = f.registerConnector("node-1", ServiceFixture.CONNECTOR_KEY);
    }

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private String header(String sub, String entry, String role) throws Exception {
        return f.actorHeader(connector, ServiceFixture.CONNECTOR_KEY, sub, entry, role, null, false);
    }

    // ---- Basic -------------------------------------------------------------------------------------------------

    @Test
    void usersSignInWithTheirPassword() throws Exception {
        CloudCaller alice = f.auth().authenticate(basic("Alice@Contoso.com", "alice-pw"), "r1");
        assertEquals(CloudCaller.Kind.USER, alice.kind());
        assertEquals(DemoTenant.ALICE, alice.identity());
        assertEquals(DemoTenant.ALICE, alice.account());
        assertNull(alice.role());
        assertEquals(Set.of(), alice.adminRoles());
        assertEquals("r1", alice.requestId());
        // again: answered from the verified-password memo, same result
        assertEquals(alice, f.auth().authenticate(basic(DemoTenant.ALICE, "alice-pw"), "r1"));

        CloudCaller admin = f.auth().authenticate(basic(DemoTenant.ADMIN, "admin-pw"), "r2");
        assertEquals(Set.of("global-admin", "connector-admin"), admin.adminRoles());
    }

    @Test
    void wrongOrMissingCredentialsAreRefused() throws Exception {
        assertRefused(401, "missing_credentials", () -> f.auth().authenticate(null, "r"));
        assertRefused(401, "missing_credentials", () -> f.auth().authenticate("  ", "r"));
        assertRefused(401, "missing_credentials", () -> f.auth().authenticate("Bearer abc", "r"));
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic(DemoTenant.ALICE, "bob-pw"), "r"));
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic("mallory@contoso.com", "x"), "r"));
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic(DemoTenant.ALICE, ""), "r"));
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate("Basic !!!notbase64", "r"));
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate("Basic "
                + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()), "r"));
    }

    @Test
    void passwordGuessingFromOneAddressIsSlowedAndTheRightPasswordWorksAfterThePause() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic(DemoTenant.ALICE, "guess"),
                    "10.0.0.9", "r"));
        }
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic(DemoTenant.ALICE, "guess"),
                "10.0.0.9", "r"));
        CloudException throttled = assertRefused(429, "throttled", () -> f.auth().authenticate(
                basic(DemoTenant.ALICE, "alice-pw"), "10.0.0.9", "r"));
        assertEquals(1, throttled.retryAfterSeconds());
        assertRefused(429, "throttled", () -> f.auth().authenticate(basic(DemoTenant.BOB, "bob-pw"), "10.0.0.9",
                "r"));
        assertEquals(DemoTenant.BOB, f.auth().authenticate(basic(DemoTenant.BOB, "bob-pw"), "10.0.0.10", "r")
                .identity(), "another address and another user are not slowed");
        f.clock.advance(Duration.ofSeconds(1));
        assertEquals(DemoTenant.ALICE, f.auth().authenticate(basic(DemoTenant.ALICE, "alice-pw"), "10.0.0.9", "r")
                .identity());
    }

    @Test
    void aChangedPasswordTakesEffectAtOnceAndARemovedUserCannotSignIn() throws Exception {
        f.auth().authenticate(basic(DemoTenant.BOB, "bob-pw"), "r");
        f.services.store().credentials().setPassword(DemoTenant.BOB, "new-pw".toCharArray());
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic(DemoTenant.BOB, "bob-pw"), "r"));
        f.auth().authenticate(basic(DemoTenant.BOB, "new-pw"), "r");
        f.services.store().directory().removeUser(DemoTenant.BOB);
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(basic(DemoTenant.BOB, "new-pw"), "r"));
        // a user known by mail address signs in under the UPN
        f.services.store().directory().putUser(new User("dave@contoso.com", "d.smith@contoso.com", "Dave"));
        f.services.store().credentials().setPassword("dave@contoso.com", "dave-pw".toCharArray());
        assertEquals("dave@contoso.com",
                f.auth().authenticate(basic("d.smith@contoso.com", "dave-pw"), "r").identity());
    }

    // ---- actor assertions --------------------------------------------------------------------------------------

    @Test
    void aListedAccountIsAccepted() throws Exception {
        f.authorize("EXCH01$", "computer", "exchange");
        CloudCaller c = f.auth().authenticate(f.actorHeader(connector, ServiceFixture.CONNECTOR_KEY, "exch01$",
                "EXCH01$", "exchange", "bob@contoso.com", true), "r");
        assertEquals(CloudCaller.Kind.CONNECTOR, c.kind());
        assertEquals("EXCH01$", c.identity());
        assertEquals("exch01$", c.account());
        assertEquals(ServerRole.EXCHANGE, c.role());
        assertEquals("bob@contoso.com", c.onBehalfOf());
        assertTrue(c.superUser());
        assertEquals(connector, c.connectorId());
    }

    @Test
    void superUserIsOnlyForExchange() throws Exception {
        f.authorize("SP01$", "computer", "sharepoint");
        CloudCaller c = f.auth().authenticate(f.actorHeader(connector, ServiceFixture.CONNECTOR_KEY, "SP01$", "SP01$",
                "sharepoint", null, true), "r");
        assertFalse(c.superUser());
    }

    @Test
    void forgedExpiredReplayedAndUnknownAssertionsAreRefused() throws Exception {
        f.authorize("EXCH01$", "computer", "exchange");
        // signed with another key than the registered one
        String forged = f.actorHeader(connector, ServiceFixture.OTHER_KEY, "EXCH01$", "EXCH01$", "exchange", null, true);
        assertRefused(401, "forged_assertion", () -> f.auth().authenticate(forged, "r"));
        // another key, but naming the registered key's id
        ActorAssertion.Claims claims = new ActorAssertion.Claims(connector, "EXCH01$", "EXCH01$", "exchange", null,
                true, "r");
        String lying = ActorAssertion.issue(claims, ServiceFixture.OTHER_KEY.getPrivate(),
                Keys.thumbprint((RSAPublicKey) ServiceFixture.CONNECTOR_KEY.getPublic()), f.clock.instant())
                .authorizationHeader();
        assertRefused(401, "forged_assertion", () -> f.auth().authenticate(lying, "r"));
        // an unregistered connector
        String unknown = f.actorHeader("no-such-connector", ServiceFixture.CONNECTOR_KEY, "EXCH01$", "EXCH01$",
                "exchange", null, false);
        assertRefused(401, "unknown_connector", () -> f.auth().authenticate(unknown, "r"));
        // expired
        String old = header("EXCH01$", "EXCH01$", "exchange");
        f.clock.advance(Duration.ofSeconds(91));
        assertRefused(401, "expired_assertion", () -> f.auth().authenticate(old, "r"));
        // issued in the future
        f.clock.advance(Duration.ofMinutes(5));
        String future = header("EXCH01$", "EXCH01$", "exchange");
        f.clock.advance(Duration.ofMinutes(-5));
        assertRefused(401, "expired_assertion", () -> f.auth().authenticate(future, "r"));
        // replayed
        String once = header("EXCH01$", "EXCH01$", "exchange");
        f.auth().authenticate(once, "r");
        assertRefused(401, "replayed_assertion", () -> f.auth().authenticate(once, "r"));
        // malformed
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate("RMS-Actor not.a.jws!", "r"));
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate("RMS-Actor", "r"));
    }

    @Test
    void theEntryIsRecheckedOnEveryCall() throws Exception {
        f.authorize("EXCH01$", "computer", "exchange");
        f.auth().authenticate(header("EXCH01$", "EXCH01$", "exchange"), "r");
        // the role changed: the assertion still says exchange
        f.authorize("EXCH01$", "computer", "sharepoint");
        assertRefused(403, "entry_not_authorized",
                () -> f.auth().authenticate(header("EXCH01$", "EXCH01$", "exchange"), "r"));
        f.auth().authenticate(header("EXCH01$", "EXCH01$", "sharepoint"), "r");
        // removed from the list
        f.adminCall("DELETE", "authorized-servers", Map.of("account", "exch01$"), "");
        assertRefused(403, "entry_not_authorized",
                () -> f.auth().authenticate(header("EXCH01$", "EXCH01$", "sharepoint"), "r"));
        // never listed
        assertRefused(403, "entry_not_authorized",
                () -> f.auth().authenticate(header("ROGUE$", "ROGUE$", "exchange"), "r"));
        // an account entry does not cover other accounts
        f.authorize("SP01$", "computer", "sharepoint");
        assertRefused(403, "entry_not_authorized",
                () -> f.auth().authenticate(header("SP02$", "SP01$", "sharepoint"), "r"));
    }

    @Test
    void groupMembersAreAcceptedAndOthersRefused() throws Exception {
        f.adminCall("POST", "directory/groups", Map.of(), "{\"name\":\"sp-farm@contoso.com\",\"users\":[\"SP01$\"],"
                + "\"groups\":[\"sp-farm-2@contoso.com\"]}");
        f.adminCall("POST", "directory/groups", Map.of(), "{\"name\":\"sp-farm-2@contoso.com\",\"users\":[\"SP02$\"]}");
        f.authorize("sp-farm@contoso.com", "group", "sharepoint");
        CloudCaller direct = f.auth().authenticate(header("SP01$", "sp-farm@contoso.com", "sharepoint"), "r");
        assertEquals("sp-farm@contoso.com", direct.identity());
        assertEquals("SP01$", direct.account());
        assertEquals("sp-farm@contoso.com",
                f.auth().authenticate(header("SP02$", "sp-farm@contoso.com", "sharepoint"), "r").identity(),
                "nested member");
        assertEquals("sp-farm@contoso.com",
                f.auth().authenticate(header("CONTOSO\\SP01$", "sp-farm@contoso.com", "sharepoint"), "r").identity(),
                "a DOMAIN\\HOST$ name of a member");
        assertRefused(403, "entry_not_authorized",
                () -> f.auth().authenticate(header("SP09$", "sp-farm@contoso.com", "sharepoint"), "r"));
        // the group itself may call too
        f.auth().authenticate(header("sp-farm@contoso.com", "sp-farm@contoso.com", "sharepoint"), "r");
        // leaving the group takes effect at the next call
        f.adminCall("POST", "directory/groups", Map.of(), "{\"name\":\"sp-farm@contoso.com\",\"users\":[]}");
        assertRefused(403, "entry_not_authorized",
                () -> f.auth().authenticate(header("SP01$", "sp-farm@contoso.com", "sharepoint"), "r"));
    }

    @Test
    void aConnectorMaySpeakForItself() throws Exception {
        String self = ActorAssertion.issue(ActorAssertion.Claims.ofConnector(connector, "r"),
                ServiceFixture.CONNECTOR_KEY.getPrivate(),
                Keys.thumbprint((RSAPublicKey) ServiceFixture.CONNECTOR_KEY.getPublic()), f.clock.instant())
                .authorizationHeader();
        CloudCaller c = f.auth().authenticate(self, "r");
        assertEquals(CloudCaller.Kind.CONNECTOR, c.kind());
        assertNull(c.role());
        assertFalse(c.superUser());
        assertEquals(connector, c.connectorId());
    }
}

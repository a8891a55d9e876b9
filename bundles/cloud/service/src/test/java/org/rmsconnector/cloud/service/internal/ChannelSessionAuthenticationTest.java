package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.rmsconnector.cloud.service.internal.ServiceFixture.assertRefused;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.channel.ActorAssertion;
import org.rmsconnector.channel.ChannelSession;
import org.rmsconnector.cloud.api.CloudCaller;
import org.rmsconnector.cloud.model.ServerRole;
import org.rmsconnector.protocol.Keys;

/** Channel sessions (docs/protocol.md §3.2) and the session form of actor assertions, as the cloud checks them. */
class ChannelSessionAuthenticationTest {

    private static final byte[] BODY = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
    private static final ActorAssertion.Binding LICENSE = ActorAssertion.Binding.of("POST",
            "/_wmcs/licensing/license.asmx", BODY);

    @TempDir
    Path tmp;

    private ServiceFixture f;
    private String connector;

    @BeforeEach
    void start() throws Exception {
        f = ServiceFixture.start(tmp);
        connector = f.registerConnector("node-1", ServiceFixture.CONNECTOR_KEY);
        f.authorize("EXCH01$", "computer", "exchange");
    }

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    private ChannelSession sessionAssertion(String connectorId, KeyPair key, byte[] sessionKey) throws Exception {
        return ChannelSession.issue(connectorId, sessionKey, f.services.tenantKey().publicKey(), key.getPrivate(),
                Keys.thumbprint((RSAPublicKey) key.getPublic()), f.clock.instant(), Duration.ofMinutes(30));
    }

    private String header(String sessionId, byte[] key, ActorAssertion.Binding binding, String entry)
            throws Exception {
        ActorAssertion.Claims claims = new ActorAssertion.Claims(connector, "EXCH01$", entry, "exchange", null, true,
                "rid-1");
        return ActorAssertion.issue(claims, sessionId, key, binding, f.clock.instant()).authorizationHeader();
    }

    @Test
    void anOpenedSessionAuthenticatesBoundCallsWithoutASignature() throws Exception {
        byte[] key = ChannelSession.newKey();
        ChannelSession.Grant grant = f.auth().openSession(sessionAssertion(connector, ServiceFixture.CONNECTOR_KEY,
                key.clone()).compact());
        assertEquals(f.clock.instant().plus(Duration.ofMinutes(30)).getEpochSecond(),
                grant.expiresAt().getEpochSecond());
        CloudCaller c = f.auth().authenticate(header(grant.sessionId(), key, LICENSE, "EXCH01$"), null, "r",
                LICENSE);
        assertEquals(CloudCaller.Kind.CONNECTOR, c.kind());
        assertEquals(ServerRole.EXCHANGE, c.role());
        assertEquals(connector, c.connectorId());
        // a second session of the same connector is another session
        ChannelSession.Grant second = f.auth().openSession(sessionAssertion(connector, ServiceFixture.CONNECTOR_KEY,
                ChannelSession.newKey()).compact());
        assertNotEquals(grant.sessionId(), second.sessionId());
    }

    @Test
    void forgedMisboundReplayedExpiredAndUnknownSessionCallsAreRefused() throws Exception {
        byte[] key = ChannelSession.newKey();
        String id = f.auth().openSession(sessionAssertion(connector, ServiceFixture.CONNECTOR_KEY, key.clone())
                .compact()).sessionId();
        assertRefused(401, "forged_assertion", () -> f.auth().authenticate(
                header(id, ChannelSession.newKey(), LICENSE, "EXCH01$"), null, "r", LICENSE));
        assertRefused(401, "forged_assertion", () -> f.auth().authenticate(header(id, key, LICENSE, "EXCH01$"), null,
                "r", ActorAssertion.Binding.of("POST", "/_wmcs/licensing/publish.asmx", BODY)));
        assertRefused(401, "forged_assertion", () -> f.auth().authenticate(header(id, key, LICENSE, "EXCH01$"), null,
                "r", ActorAssertion.Binding.of("POST", "/_wmcs/licensing/license.asmx", new byte[0])));
        assertRefused(401, CloudAuthenticatorImpl.SESSION_UNKNOWN, () -> f.auth().authenticate(
                header("no-such-session", key, LICENSE, "EXCH01$"), null, "r", LICENSE));
        String once = header(id, key, LICENSE, "EXCH01$");
        f.auth().authenticate(once, null, "r", LICENSE);
        assertRefused(401, "replayed_assertion", () -> f.auth().authenticate(once, null, "r", LICENSE));
        // without a binding (an endpoint that does not bind) the session form is not accepted at all
        assertRefused(401, "bad_credentials", () -> f.auth().authenticate(header(id, key, LICENSE, "EXCH01$"), "r"));
        // the entry is re-checked on every call, from memory kept current
        assertRefused(403, "entry_not_authorized", () -> f.auth().authenticate(header(id, key, LICENSE, "OTHER$"),
                null, "r", LICENSE));
        f.adminCall("DELETE", "authorized-servers", java.util.Map.of("account", "EXCH01$", "role", "exchange"),
                null);
        assertRefused(403, "entry_not_authorized", () -> f.auth().authenticate(header(id, key, LICENSE, "EXCH01$"),
                null, "r", LICENSE));
        f.clock.advance(Duration.ofMinutes(31));
        assertRefused(401, CloudAuthenticatorImpl.SESSION_UNKNOWN, () -> f.auth().authenticate(
                header(id, key, LICENSE, "EXCH01$"), null, "r", LICENSE));
    }

    @Test
    void aSessionNeedsTheRegisteredKeyAndOpensOnce() throws Exception {
        assertRefused(401, "forged_assertion", () -> f.auth().openSession(sessionAssertion(connector,
                ServiceFixture.OTHER_KEY, ChannelSession.newKey()).compact()));
        assertRefused(401, "unknown_connector", () -> f.auth().openSession(sessionAssertion("no-such-connector",
                ServiceFixture.CONNECTOR_KEY, ChannelSession.newKey()).compact()));
        String compact = sessionAssertion(connector, ServiceFixture.CONNECTOR_KEY, ChannelSession.newKey()).compact();
        f.auth().openSession(compact);
        assertRefused(401, "replayed_assertion", () -> f.auth().openSession(compact));
    }

    @Test
    void anUnregisteredConnectorsSessionStopsWorking() throws Exception {
        byte[] key = ChannelSession.newKey();
        String id = f.auth().openSession(sessionAssertion(connector, ServiceFixture.CONNECTOR_KEY, key.clone())
                .compact()).sessionId();
        f.services.store().connectors().remove(connector);
        assertRefused(401, "unknown_connector", () -> f.auth().authenticate(header(id, key, LICENSE, "EXCH01$"),
                null, "r", LICENSE));
    }
}

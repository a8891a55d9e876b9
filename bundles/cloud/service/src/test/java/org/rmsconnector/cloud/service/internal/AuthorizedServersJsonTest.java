package org.rmsconnector.cloud.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.channel.SignedPolicy;
import org.rmsconnector.cloud.keys.TenantKeys;
import org.rmsconnector.cloud.model.AuthorizedServer;
import org.rmsconnector.cloud.model.AuthorizedServerList;
import org.rmsconnector.cloud.store.CloudStore;

class AuthorizedServersJsonTest {

    @TempDir
    Path tmp;

    private ServiceFixture f;
    private CloudStore store;

    @BeforeEach
    void start() throws Exception {
        f = ServiceFixture.start(tmp);
        store = f.services.store();
    }

    @AfterEach
    void close() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void anUnchangedListIsSignedOnceAndAChangedListAgain() throws Exception {
        TenantKeys keys = TenantKeys.open(f.dir.resolve("data"), ServiceFixture.KEYSTORE_PASSWORD);
        AuthorizedServersJson json = new AuthorizedServersJson(store, keys, f.clock);
        store.authorizedServers().put(AuthorizedServer.parse("EXCH01$", "computer", "exchange"), "test");
        AuthorizedServerList list = store.authorizedServers().list();

        Object first = json.signedList(list).map().get("signed");
        f.clock.advance(Duration.ofMinutes(5));
        assertSame(first, json.signedList(store.authorizedServers().list()).map().get("signed"),
                "the same list, read again later, reuses the signature");

        store.authorizedServers().remove("EXCH01$", "test");
        AuthorizedServerList changed = store.authorizedServers().list();
        String second = (String) json.signedList(changed).map().get("signed");
        assertNotEquals(first, second);
        SignedPolicy signed = SignedPolicy.verify(second, keys.publicKey());
        assertEquals(changed.version(), signed.version());
        assertEquals(List.of(), signed.entries());
        assertEquals(new SignedPolicy.Entry("EXCH01$", "computer", "exchange"),
                SignedPolicy.verify((String) first, keys.publicKey()).entries().get(0));
    }

    @Test
    void withoutTheTenantKeyTheListIsNotSigned() throws Exception {
        store.authorizedServers().put(AuthorizedServer.parse("SP01$", "computer", "sharepoint"), "test");
        Map<String, Object> m = new AuthorizedServersJson(store, null, f.clock)
                .signedList(store.authorizedServers().list()).map();
        assertFalse(m.containsKey("signed"));
        assertEquals(store.authorizedServers().version(), m.get("version"));
        assertEquals(List.of(Map.of("account", "SP01$", "kind", "computer", "role", "sharepoint")), m.get("entries"));
    }
}

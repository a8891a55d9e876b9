package org.rmsconnector.guard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rmsconnector.api.admin.AdministratorLogin.Outcome;

class AdministratorLoginServiceTest {
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final List<Event> events = new ArrayList<>();
    private final AdministratorLoginService login = new AdministratorLoginService(
            GuardConfigs.of(Map.of("_password", "s3cret")), "node-1", clock, null);

    {
        login.eventAdmin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                events.add(event);
            }
        };
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theRightUserAndPasswordAreAcceptedAndNothingElse() {
        assertEquals("admin", login.login(basic("admin", "s3cret"), "10.0.0.1").user());
        assertFalse(login.login(basic("admin", "s3cret "), "10.0.0.1").isAccepted());
        assertFalse(login.login(basic("root", "s3cret"), "10.0.0.1").isAccepted());
        assertFalse(login.login(null, "10.0.0.1").isAccepted());
        assertTrue(login.login("Basic !!!", "10.0.0.1").reason().contains("malformed"));
        assertTrue(login.login("Bearer x", "10.0.0.1").reason().contains("malformed"));
    }

    @Test
    void repeatedFailuresMakeTheSourceWaitPostOneEventAndTheRightPasswordWorksAfterThePause() {
        for (int i = 0; i < 5; i++) {
            assertEquals("wrong user or password", login.login(basic("admin", "guess" + i), "10.0.0.9").reason());
        }
        assertTrue(events.isEmpty(), "five failures are free");
        login.login(basic("admin", "guess5"), "10.0.0.9");
        assertEquals(1, events.size());
        Event event = events.get(0);
        assertEquals("org/rmsconnector/event/4030", event.getTopic());
        assertEquals("10.0.0.9", event.getProperty("source"));
        assertEquals("admin", event.getProperty("user"));
        assertEquals("node-1", event.getProperty("node"));

        Outcome throttled = login.login(basic("admin", "s3cret"), "10.0.0.9");
        assertTrue(throttled.isThrottled(), "even the right password waits: a guess made now tells nothing");
        assertEquals(1, throttled.retryAfterSeconds());
        now = now.plusSeconds(1);
        assertEquals("admin", login.login(basic("admin", "s3cret"), "10.0.0.9").user());
        assertEquals(1, events.size());
    }

    @Test
    void anUnresolvedOrEmptyPasswordLetsNobodyIn() {
        AdministratorLoginService unresolved = new AdministratorLoginService(
                GuardConfigs.of(Map.of("_password", "$[secret:console-password]")), null, clock, null);
        assertFalse(unresolved.login(basic("admin", "$[secret:console-password]"), "x").isAccepted());
        AdministratorLoginService empty = new AdministratorLoginService(GuardConfigs.of(Map.of("_password", "")), null,
                clock, null);
        assertFalse(empty.login(basic("admin", ""), "x").isAccepted());
        assertFalse(empty.login(basic("admin", "admin"), "x").isAccepted(), "never a built-in admin/admin");
    }

    @Test
    void thePasswordIsReadFromTheSecretsFolderAndAMissingSecretLetsNobodyIn(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("console-password"), "from-file\n");
        AdministratorLoginService fromFile = new AdministratorLoginService(GuardConfigs.of(Map.of()), null, clock,
                dir.toString());
        assertTrue(fromFile.login(basic("admin", "from-file"), "x").isAccepted());
        AdministratorLoginService missing = new AdministratorLoginService(GuardConfigs.of(Map.of("_password",
                "secret:nope")), null, clock, dir.toString());
        assertFalse(missing.login(basic("admin", "secret:nope"), "x").isAccepted());
    }

    @Test
    void aHashedPasswordIsAccepted() throws Exception {
        byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest("ab12s3cret"
                .getBytes(StandardCharsets.UTF_8));
        AdministratorLoginService hashed = new AdministratorLoginService(GuardConfigs.of(Map.of("_password",
                "{sha-256}ab12-" + Base64.getEncoder().encodeToString(hash))), null, clock, null);
        assertTrue(hashed.login(basic("admin", "s3cret"), "x").isAccepted());
        assertFalse(hashed.login(basic("admin", "ab12"), "x").isAccepted());
    }

    @Test
    void aNewPasswordKeepsTheCountsOfTheGuessers() {
        for (int i = 0; i < 6; i++) {
            login.login(basic("admin", "guess" + i), "10.0.0.9");
        }
        login.modified(GuardConfigs.of(Map.of("_password", "other")));
        assertTrue(login.login(basic("admin", "other"), "10.0.0.9").isThrottled());
        assertTrue(login.login(basic("admin", "other"), "10.0.0.8").isThrottled(), "so does the user's");
        now = now.plus(Duration.ofSeconds(1));
        assertTrue(login.login(basic("admin", "other"), "10.0.0.8").isAccepted());
    }
}

package org.rmsconnector.commons.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final LoginThrottle throttle = new LoginThrottle(LoginThrottle.Settings.DEFAULTS, clock);

    @Test
    void theFirstFiveFailuresCostNothingThenTheWaitDoublesUpToTheSourceCap() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), throttle.failed("10.0.0.9", "admin" + i));
            assertEquals(Duration.ZERO, throttle.waitBefore("10.0.0.9", "admin"));
        }
        Optional<LoginThrottle.Penalty> penalty = throttle.failed("10.0.0.9", "root");
        assertEquals(new LoginThrottle.Penalty("source", "10.0.0.9", 6, Duration.ofSeconds(1)), penalty.orElseThrow());
        assertEquals(Duration.ofSeconds(1), throttle.waitBefore("10.0.0.9", "anyone"));
        throttle.failed("10.0.0.9", "root2");
        assertEquals(Duration.ofSeconds(2), throttle.waitBefore("10.0.0.9", "anyone"));
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0.9", "other" + i);
        }
        assertEquals(Duration.ofMinutes(15), throttle.waitBefore("10.0.0.9", "anyone"), "capped per source");
        assertEquals(Duration.ZERO, throttle.waitBefore("10.0.0.10", "anyone"), "another source is not slowed");
    }

    @Test
    void oneUserGuessedFromManySourcesWaitsAtMostTheUserCapAndTheRightPasswordWorksAfterIt() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("10.0.1." + i, "Admin");
        }
        assertEquals(Duration.ofMinutes(1), throttle.waitBefore("192.168.0.1", "admin"), "user names ignore case");
        now = now.plus(Duration.ofMinutes(1));
        assertEquals(Duration.ZERO, throttle.waitBefore("192.168.0.1", "admin"), "never locked out for good");
        throttle.succeeded("192.168.0.1", "admin");
        throttle.failed("192.168.0.1", "admin");
        assertEquals(Duration.ZERO, throttle.waitBefore("192.168.0.1", "admin"), "a success starts the count again");
    }

    @Test
    void aCountWithNoNewFailureIsForgotten() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("10.0.0.9", "admin");
        }
        assertTrue(throttle.waitBefore("10.0.0.9", "admin").compareTo(Duration.ZERO) > 0);
        now = now.plus(Duration.ofMinutes(16));
        assertEquals(Optional.empty(), throttle.failed("10.0.0.9", "admin"), "counting starts again");
        assertEquals(Duration.ZERO, throttle.waitBefore("10.0.0.9", "admin"));
    }

    @Test
    void retryAfterIsRoundedUpToWholeSecondsAndNeverZero() {
        assertEquals(1, LoginThrottle.retryAfterSeconds(Duration.ofMillis(1)));
        assertEquals(2, LoginThrottle.retryAfterSeconds(Duration.ofMillis(1001)));
        assertEquals(60, LoginThrottle.retryAfterSeconds(Duration.ofMinutes(1)));
        assertEquals(1, LoginThrottle.retryAfterSeconds(Duration.ZERO));
    }

    @Test
    void memoryIsBounded() {
        for (int i = 0; i < LoginThrottle.MAX_ENTRIES + 500; i++) {
            throttle.failed("s" + i, "u" + i);
        }
        for (int i = 0; i < 6; i++) {
            throttle.failed("s-last", "u-last");
        }
        assertEquals(Duration.ofSeconds(1), throttle.waitBefore("s-last", "x"));
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new LoginThrottle.Settings(-1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("free failures"), e.getMessage());
    }
}

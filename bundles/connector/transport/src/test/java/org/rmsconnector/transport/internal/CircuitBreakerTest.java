package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The breaker's state machine, on a clock the test moves. */
class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> told = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get,
            new CircuitBreaker.Listener() {
                @Override
                public void opened(int failures, Duration coolDown) {
                    told.add("opened after " + failures + " for " + coolDown.toSeconds() + " s");
                }

                @Override
                public void closed() {
                    told.add("closed");
                }
            });

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(Optional.empty(), breaker.tryAcquire());
            breaker.onFailure();
        }
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveFailures() {
        fail(2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        fail(1);
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(List.of("opened after 3 for 10 s"), told);
    }

    @Test
    void aSuccessResetsTheCount() {
        fail(2);
        breaker.tryAcquire();
        breaker.onSuccess();
        fail(2);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals(2, breaker.consecutiveFailures());
        assertTrue(told.isEmpty(), "closing an already closed breaker is no news");
    }

    @Test
    void whileOpenEveryCallIsRefusedWithTheRemainingCoolDown() {
        fail(3);
        assertEquals(Optional.of(Duration.ofSeconds(10)), breaker.tryAcquire());
        advance(Duration.ofSeconds(4));
        assertEquals(Optional.of(Duration.ofSeconds(6)), breaker.tryAcquire());
        assertEquals(Optional.of(Duration.ofSeconds(6)), breaker.openFor());
        // a straggler sent before the breaker opened changes nothing
        breaker.onSuccess();
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(1, told.size());
    }

    @Test
    void afterTheCoolDownOneProbeGoesAndItsSuccessCloses() {
        fail(3);
        advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), breaker.tryAcquire(), "the probe");
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertEquals(Optional.of(CircuitBreaker.PROBE_RETRY_AFTER), breaker.tryAcquire(), "others wait for it");
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals(Optional.empty(), breaker.tryAcquire());
        assertEquals(List.of("opened after 3 for 10 s", "closed"), told);
    }

    @Test
    void aFailedProbeOpensForAnotherFullCoolDownWithoutANewAlarm() {
        fail(3);
        advance(Duration.ofSeconds(11));
        assertEquals(Optional.empty(), breaker.tryAcquire());
        breaker.onFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertEquals(Optional.of(Duration.ofSeconds(10)), breaker.tryAcquire());
        assertEquals(1, told.size(), "one alarm per outage");
        advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void anAbandonedProbeLetsTheNextCallProbe() {
        fail(3);
        advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), breaker.tryAcquire());
        breaker.onAbandoned();
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        assertEquals(Optional.empty(), breaker.tryAcquire(), "the next call is the probe");
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(0, Duration.ofSeconds(1), now::get,
                null));
        assertThrows(IllegalArgumentException.class, () -> new CircuitBreaker(1, Duration.ZERO, now::get, null));
    }
}

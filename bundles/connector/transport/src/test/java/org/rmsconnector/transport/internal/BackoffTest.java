package org.rmsconnector.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Random;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.workload.Operation;

/** Which failures are retried, and the jittered exponential pauses between attempts. */
class BackoffTest {

    private final Backoff backoff = new Backoff(5, Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void onlyIdempotentOperationsAreRetried() {
        for (Operation op : Operation.values()) {
            assertEquals(op != Operation.PUBLISH, Backoff.retryable(op), op.name());
        }
    }

    @Test
    void onlyGatewayAndUnavailableAnswersAreRetried() {
        for (int status = 100; status < 600; status++) {
            assertEquals(status == 502 || status == 503 || status == 504, Backoff.retryableStatus(status),
                    "status " + status);
        }
    }

    @Test
    void connectionFailuresAndTimeoutsAreRetriedConfigurationErrorsNot() {
        assertTrue(Backoff.retryableFailure(new ConnectException("refused")));
        assertTrue(Backoff.retryableFailure(new HttpConnectTimeoutException("connect")));
        assertTrue(Backoff.retryableFailure(new HttpTimeoutException("read")));
        assertTrue(Backoff.retryableFailure(new IOException("connection reset")));
        assertFalse(Backoff.retryableFailure(new SSLHandshakeException("PKIX path building failed")));
        assertFalse(Backoff.retryableFailure(new LimitedBody.TooLargeException(10)));
        assertFalse(Backoff.retryableFailure(new IllegalStateException("bug")));
    }

    @Test
    void thePauseDoublesUpToTheCapWithJitterBetweenHalfAndAllOfTheStep() {
        long[] steps = {100, 200, 400, 800, 1000, 1000};
        Random random = new Random(42);
        for (int retry = 1; retry <= steps.length; retry++) {
            long step = steps[retry - 1];
            assertEquals(Duration.ofMillis(step / 2), backoff.delay(retry, () -> 0.0), "lowest, retry " + retry);
            Duration highest = backoff.delay(retry, () -> Math.nextDown(1.0));
            assertTrue(highest.compareTo(Duration.ofMillis(step)) < 0
                    && highest.compareTo(Duration.ofMillis(step - 1)) >= 0, "highest, retry " + retry + ": " + highest);
            for (int i = 0; i < 1000; i++) {
                Duration d = backoff.delay(retry, random::nextDouble);
                assertTrue(d.compareTo(Duration.ofMillis(step / 2)) >= 0 && d.compareTo(Duration.ofMillis(step)) < 0,
                        "retry " + retry + ": " + d);
            }
        }
        assertEquals(Duration.ofMillis(500), backoff.delay(1000, () -> 0.0), "no overflow far out");
    }

    @Test
    void jitterSpreadsNodesApart() {
        Random random = new Random(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long d = backoff.delay(3, random::nextDouble).toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(max - min > 150, "pauses spread over the jitter range: " + min + ".." + max);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(0, Duration.ofMillis(1), Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(1, Duration.ofMillis(2), Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(0, () -> 0.0));
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(1, () -> 1.0));
    }
}

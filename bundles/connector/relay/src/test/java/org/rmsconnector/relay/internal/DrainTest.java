package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.testing.RecordingEventAdmin;

class DrainTest {
    private final Drain drain = new Drain(RelayConfigs.defaults(), "node-1");

    @Test
    void drainingTurnsHealthTo503AndResumeBringsItBack() {
        RecordingEventAdmin events = new RecordingEventAdmin();
        drain.eventAdmin = events;
        assertEquals(200, Readiness.render(List.of(), drain.reason()).status());
        drain.drain("maintenance");
        Answer health = Readiness.render(List.of(), drain.reason());
        assertEquals(503, health.status());
        String body = new String(health.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"DRAINING\"") && body.contains("maintenance"), body);
        drain.resume();
        assertEquals(200, Readiness.render(List.of(), drain.reason()).status());
        assertEquals(List.of(ConnectorEvent.NODE_DRAINING, ConnectorEvent.NODE_RESUMED), events.events());
    }

    @Test
    void theStopWaitsForThePeriodThenForTheRequestsInFlight() throws Exception {
        drain.accepted();
        long start = System.nanoTime();
        CompletableFuture<Void> quiet = CompletableFuture.runAsync(() -> {
            try {
                drain.awaitQuiet(Duration.ofMillis(200), Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(400);
        assertFalse(quiet.isDone(), "a request is still in flight");
        drain.answered();
        quiet.get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
        assertEquals(0, drain.inFlight());
    }

    @Test
    void notDrainingSaysNothing() {
        assertEquals(Optional.empty(), drain.reason());
        assertEquals(Optional.empty(), drain.drainingSince());
    }
}

package org.rmsconnector.transport.internal.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The probe's arithmetic: clock skew from an HTTP Date, and the service URL from the licensing URL. */
class CloudProbeTest {

    private static final Instant SENT = Instant.parse("2026-03-01T10:00:00.000Z");

    @Test
    void theSkewComparesTheMiddleOfTheCloudsSecondWithTheMiddleOfTheExchange() {
        Instant received = SENT.plusMillis(200);
        // the cloud read 10:00:00.something; our middle is 10:00:00.100; the cloud's best guess 10:00:00.500
        assertEquals(Duration.ofMillis(400), CloudProbe.skew("Sun, 01 Mar 2026 10:00:00 GMT", SENT, received)
                .orElseThrow());
        assertEquals(Duration.ofSeconds(90).plusMillis(400), CloudProbe.skew("Sun, 01 Mar 2026 10:01:30 GMT", SENT,
                received).orElseThrow(), "the cloud is ahead");
        assertEquals(Duration.ofMinutes(-10).plusMillis(400), CloudProbe.skew("Sun, 01 Mar 2026 09:50:00 GMT",
                SENT, received).orElseThrow(), "the cloud is behind");
        assertTrue(CloudProbe.skew("yesterday", SENT, received).isEmpty());
    }

    @Test
    void theServiceUrlIsSchemeHostAndPort() {
        assertEquals(URI.create("https://rms.contoso.example"),
                CloudProbe.serviceUrl(URI.create("https://rms.contoso.example/_wmcs/licensing")));
        assertEquals(URI.create("https://127.0.0.1:8444"),
                CloudProbe.serviceUrl(URI.create("HTTPS://127.0.0.1:8444/_wmcs/licensing?x=1")));
        assertThrows(IllegalArgumentException.class, () -> CloudProbe.serviceUrl(URI.create("/_wmcs/licensing")));
    }
}

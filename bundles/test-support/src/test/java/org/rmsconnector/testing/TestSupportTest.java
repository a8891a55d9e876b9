package org.rmsconnector.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TestSupportTest {

    @interface Sample {
        int max_items() default 5;

        String trust__store() default "none";

        String[] hosts() default {};

        long timeout_ms() default 10;

        boolean enabled() default true;
    }

    @Test
    void configsMapNamesAndConvertValuesAsDsDoes() {
        Sample s = Configs.of(Sample.class, Map.of("max.items", "7", "trust_store", "p12", "hosts", "a",
                "timeout_ms", 20, "enabled", "false"));
        assertEquals(7, s.max_items());
        assertEquals("p12", s.trust__store());
        assertArrayEquals(new String[] {"a"}, s.hosts());
        assertEquals(20L, s.timeout_ms());
        assertEquals(false, s.enabled());
        assertArrayEquals(new String[] {"a", "b"}, Configs.of(Sample.class, Map.of("hosts", List.of("a", "b"))).hosts());
        assertEquals(5, Configs.defaults(Sample.class).max_items());
        assertEquals(Sample.class, s.annotationType());
        assertEquals("a-b", Configs.property("a$_$b"));
        assertEquals(".bind.password", Configs.property("_bind_password"));
        assertEquals("price$", Configs.property("price$$"));
    }

    @Test
    void theClockMovesOnlyByHand() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        clock.advance(Duration.ofSeconds(3));
        assertEquals(Instant.ofEpochSecond(3), clock.instant());
    }

    @Test
    void awaitReturnsOnceTrueAndFailsAtTheDeadlineNamingWhat() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        Await.until(Duration.ofSeconds(5), () -> polls.incrementAndGet() > 2, "three polls");
        assertEquals(3, polls.get());
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until(Duration.ofMillis(100), () -> false, "never", () -> "state x"));
        assertTrue(e.getMessage().startsWith("never: not true within PT0.1S; last: state x"), e.getMessage());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(100).toNanos());
        assertThrows(AssertionError.class, () -> Await.holds(Duration.ofSeconds(5), () -> false, "x"));
    }
}

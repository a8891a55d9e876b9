package org.rmsconnector.authorization.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.testing.Configs;
import org.rmsconnector.testing.MutableClock;

class AuthorizationHealthCheckTest {
    private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");
    private static final List<AuthorizedServer> ENTRIES = List.of(
            new AuthorizedServer("EXCH01$", AuthorizedServer.Kind.COMPUTER, Workload.EXCHANGE));

    private final MutableClock clock = new MutableClock(NOW);

    private Result check(AuthorizationPolicy policy) {
        return check(policy, Map.of());
    }

    private Result check(AuthorizationPolicy policy, Map<String, Object> config) {
        AuthorizationHealthCheck hc = new AuthorizationHealthCheck(
                Configs.of(AuthorizationConfiguration.class, config), clock);
        hc.authorization = () -> Optional.ofNullable(policy);
        return hc.execute();
    }

    private static AuthorizationPolicy policy(long version, List<AuthorizedServer> entries, Duration age,
            boolean fromCache) {
        return new AuthorizationPolicy(version, entries, "jws", NOW.minus(age), fromCache);
    }

    private static String text(Result result) {
        return StreamSupport.stream(result.spliterator(), false).map(ResultLog.Entry::getMessage)
                .collect(Collectors.joining(" | "));
    }

    @Test
    void aCurrentListIsOkWithItsVersionAndAge() {
        Result result = check(policy(42, ENTRIES, Duration.ofMinutes(3), false));
        assertEquals(Result.Status.OK, result.getStatus());
        assertTrue(text(result).contains("version 42"), text(result));
        assertTrue(text(result).contains("3 min ago"), text(result));
    }

    @Test
    void noListIsCritical() {
        Result result = check(null);
        assertEquals(Result.Status.CRITICAL, result.getStatus());
        assertTrue(text(result).contains("no authorized-servers list"), text(result));
        assertTrue(text(result).contains("Fix: check the connection to the cloud"), text(result));
        assertTrue(text(result).contains("rmsctl connector register"), text(result));
    }

    @Test
    void noAuthorizationServiceIsCritical() {
        AuthorizationHealthCheck hc = new AuthorizationHealthCheck(Configs.defaults(AuthorizationConfiguration.class),
                clock);
        assertEquals(Result.Status.CRITICAL, hc.execute().getStatus());
    }

    @Test
    void theLastKnownGoodCopyWarns() {
        Result result = check(policy(7, ENTRIES, Duration.ofMinutes(1), true));
        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(text(result).contains("last-known-good"), text(result));
        assertTrue(text(result).contains("version 7"), text(result));
    }

    @Test
    void anEmptyListWarns() {
        Result result = check(policy(8, List.of(), Duration.ofMinutes(1), false));
        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(text(result).contains("empty"), text(result));
        assertTrue(text(result).contains("Fix: authorize the on-premises servers"), text(result));
        assertTrue(text(result).contains("/admin/api/authorized-servers"), text(result));
    }

    @Test
    void everyMessageThatIsNotOkSaysHowToFixIt() {
        List<Result> notOk = List.of(check(null), check(policy(8, List.of(), Duration.ofMinutes(1), false)),
                check(policy(7, ENTRIES, Duration.ofMinutes(1), true)),
                check(policy(9, ENTRIES, Duration.ofMinutes(31), false)),
                new AuthorizationHealthCheck(Configs.defaults(AuthorizationConfiguration.class), clock).execute());
        for (Result result : notOk) {
            assertTrue(result.getStatus() != Result.Status.OK, text(result));
            StreamSupport.stream(result.spliterator(), false)
                    .filter(e -> e.getStatus() != Result.Status.OK)
                    .forEach(e -> assertTrue(e.getMessage().contains(AuthorizationHealthCheck.FIX), e.getMessage()));
        }
    }

    @Test
    void aListOlderThanThirtyMinutesWarns() {
        assertEquals(Result.Status.OK, check(policy(9, ENTRIES, Duration.ofMinutes(30), false)).getStatus());
        Result result = check(policy(9, ENTRIES, Duration.ofMinutes(31), false));
        assertEquals(Result.Status.WARN, result.getStatus());
        assertTrue(text(result).contains("31 min ago"), text(result));
        assertTrue(text(result).contains("older than 30 minutes"), text(result));
    }

    @Test
    void theMaximumAgeIsConfigurable() {
        Result result = check(policy(9, ENTRIES, Duration.ofMinutes(10), false), Map.of("policy.max.age.minutes", 5));
        assertEquals(Result.Status.WARN, result.getStatus());
    }

    @Test
    void agesReadNaturally() {
        assertEquals("45 s", AuthorizationHealthCheck.human(Duration.ofSeconds(45)));
        assertEquals("31 min", AuthorizationHealthCheck.human(Duration.ofMinutes(31)));
        assertEquals("3 h 5 min", AuthorizationHealthCheck.human(Duration.ofMinutes(185)));
        assertEquals("4 d", AuthorizationHealthCheck.human(Duration.ofDays(4)));
    }
}

package org.rmsconnector.commons.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A growing delay for password guessing, per source address and per user name, shared by every place that checks
 * a password: the connector's Web Console and admin API, the cloud service's HTTP Basic.
 *
 * <p>The first {@link Settings#freeFailures()} failures cost nothing (people mistype). Each further failure doubles
 * the wait before the next attempt is even looked at, from {@link Settings#firstDelay()} up to a cap: a long one for
 * a source address ({@link Settings#maxSourceDelay()}, so a guesser is slowed to a few attempts an hour) and a short
 * one for a user name ({@link Settings#maxUserDelay()}, so guessing one account from many addresses is slowed too,
 * yet the only administrator is never locked out for good: the right password works again once the pause is over).
 * During a pause an attempt is answered "try later" without checking the password, so a guess made then tells the
 * guesser nothing and costs the server nothing. A success clears the user's and the source's count; a count not
 * added to for {@link Settings#forgetAfter()} is forgotten. Memory is bounded: at most {@value #MAX_ENTRIES} sources
 * and as many user names are remembered, the least recently failing forgotten first.
 *
 * <p>Thread-safe. Logins are rare, so one lock is enough.
 */
public final class LoginThrottle {
    static final int MAX_ENTRIES = 10_000;

    /**
     * How the delay grows.
     *
     * @param freeFailures   failures in a row that cost nothing
     * @param firstDelay     the wait after the first failure past the free ones; doubles with each further one
     * @param maxSourceDelay the longest wait for one source address
     * @param maxUserDelay   the longest wait for one user name
     * @param forgetAfter    a count with no new failure for this long starts again from zero
     */
    public record Settings(int freeFailures, Duration firstDelay, Duration maxSourceDelay, Duration maxUserDelay,
            Duration forgetAfter) {
        /** 5 free failures, then 1 s doubling up to 15 minutes per source and 1 minute per user; forgotten after 15 minutes. */
        public static final Settings DEFAULTS = new Settings(5, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofMinutes(1), Duration.ofMinutes(15));

        public Settings {
            if (freeFailures < 0) {
                throw new IllegalArgumentException("free failures must be 0 or more, not " + freeFailures);
            }
            for (Duration d : new Duration[] {firstDelay, maxSourceDelay, maxUserDelay, forgetAfter}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("delays must be positive: " + d);
                }
            }
        }
    }

    /**
     * A source or user that has just begun to wait, for the caller's event ("repeated failed logins").
     *
     * @param kind     {@code source} or {@code user}
     * @param key      the source address or user name
     * @param failures failures counted so far
     * @param delay    how long the next attempt is refused
     */
    public record Penalty(String kind, String key, int failures, Duration delay) {
    }

    private static final class Count {
        int failures;
        Instant lastFailure;
        Instant blockedUntil = Instant.MIN;
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Count> sources = lru();
    private final Map<String, Count> users = lru();

    public LoginThrottle(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A wait as a {@code Retry-After} value: whole seconds, rounded up, at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    }

    public Settings settings() {
        return settings;
    }

    /** How long an attempt from {@code source} for {@code user} must wait before it is checked; zero: check now. */
    public synchronized Duration waitBefore(String source, String user) {
        Instant now = clock.instant();
        Duration bySource = remaining(sources, key(source), now);
        Duration byUser = remaining(users, key(user), now);
        return bySource.compareTo(byUser) >= 0 ? bySource : byUser;
    }

    /**
     * Counts a wrong password (or an unknown user). Returns the penalty that began with this failure, if the source's
     * or the user's count just went past the free ones (the source's first, as it names the guesser).
     */
    public synchronized Optional<Penalty> failed(String source, String user) {
        Instant now = clock.instant();
        Penalty bySource = count(sources, "source", key(source), settings.maxSourceDelay(), now);
        Penalty byUser = count(users, "user", key(user), settings.maxUserDelay(), now);
        return Optional.ofNullable(bySource != null ? bySource : byUser);
    }

    /** The right password: the source and the user start again from zero. */
    public synchronized void succeeded(String source, String user) {
        sources.remove(key(source));
        users.remove(key(user));
    }

    private Duration remaining(Map<String, Count> counts, String key, Instant now) {
        Count count = counts.get(key);
        if (count == null || !count.blockedUntil.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, count.blockedUntil);
    }

    private Penalty count(Map<String, Count> counts, String kind, String key, Duration max, Instant now) {
        Count count = counts.remove(key); // re-inserted below: the most recently failing stays longest
        if (count == null || now.isAfter(count.lastFailure.plus(settings.forgetAfter()))) {
            count = new Count();
        }
        count.failures++;
        count.lastFailure = now;
        counts.put(key, count);
        int over = count.failures - settings.freeFailures();
        if (over <= 0) {
            return null;
        }
        Duration wait = delay(over, max);
        count.blockedUntil = now.plus(wait);
        return over == 1 ? new Penalty(kind, key, count.failures, wait) : null;
    }

    private Duration delay(int over, Duration max) {
        // 1 s, 2 s, 4 s, ...; the shift is bounded so it cannot overflow
        long millis = settings.firstDelay().toMillis() << Math.min(over - 1, 30);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }

    private static String key(String value) {
        return value == null ? "" : value.toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, Count> lru() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}

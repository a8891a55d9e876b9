package org.rmsconnector.authorization.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.unboundid.ldap.sdk.LDAPException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group membership per account, answered from memory so that no request thread waits for the directory.
 *
 * <ul>
 * <li>An answer younger than the time to live is given at once.</li>
 * <li>Otherwise (never read, or expired) the directory is read on the resolver's executor and the stage completes
 * when it answers; requests for the same account meanwhile share that one read.</li>
 * <li>While the directory is in its pause after a failure, or when it fails, the last membership known for the
 * account (however old) is given, or none.</li>
 * <li>{@link #refresh} (run in the background on a schedule) reads again, before they expire, the accounts that were
 * asked for since they were read, so an account that keeps calling never waits for the directory again; an account
 * that stopped calling is left to expire and stays only as the fallback for an outage.</li>
 * </ul>
 * At most {@code cache.max.entries} accounts are kept, the least recently asked for going first.
 */
final class GroupCache {
    private static final Logger LOG = LoggerFactory.getLogger(LdapGroupResolver.class);

    /** One account's membership, when the directory gave it, and when a request last used it. */
    private static final class Entry {
        final String account;
        final Membership membership;
        final Instant fetched;
        volatile Instant used;

        Entry(String account, Membership membership, Instant fetched) {
            this.account = account;
            this.membership = membership;
            this.fetched = fetched;
            this.used = fetched;
        }
    }

    private final LdapDirectory directory;
    private final Duration ttl;
    private final Clock clock;
    private final Executor executor;
    private final Map<String, Entry> entries;
    private final Map<String, CompletableFuture<Membership>> reading = new ConcurrentHashMap<>();

    /**
     * @param executor where the directory is read; it may refuse (the component is stopping), then the fallback is
     *        given
     */
    GroupCache(LdapDirectory directory, Clock clock, Executor executor) {
        this.directory = directory;
        this.ttl = directory.settings().ttl();
        this.clock = clock;
        this.executor = executor;
        int max = directory.settings().maxEntries();
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > max;
            }
        };
    }

    LdapDirectory directory() {
        return directory;
    }

    /** Never blocks and never fails; see the class comment for when the stage is already complete. */
    CompletionStage<Membership> membership(String account) {
        if (!directory.settings().configured() || account == null || account.isBlank()) {
            return CompletableFuture.completedFuture(Membership.NONE);
        }
        String key = key(account);
        Instant now = clock.instant();
        Entry cached;
        synchronized (entries) {
            cached = entries.get(key);
        }
        if (cached != null && fresh(cached, now)) {
            cached.used = now;
            return CompletableFuture.completedFuture(cached.membership);
        }
        if (directory.paused()) {
            return CompletableFuture.completedFuture(fallback(cached));
        }
        return read(key, account.trim());
    }

    /**
     * Reads again the accounts that would expire before {@code horizon} from now and were used since they were
     * read. Blocks for the directory: run it on the resolver's scheduler, never on a request thread. Stops at the
     * first failure (the directory is then in its pause, and every account keeps what it has).
     *
     * @return how many accounts were read again
     */
    int refresh(Duration horizon) {
        Instant now = clock.instant();
        List<Entry> due = new ArrayList<>();
        synchronized (entries) {
            for (Entry e : entries.values()) {
                boolean usedSinceRead = e.used.isAfter(e.fetched);
                if (usedSinceRead && !now.plus(horizon).isBefore(e.fetched.plus(ttl))) {
                    due.add(e);
                }
            }
        }
        int read = 0;
        for (Entry e : due) {
            if (directory.paused()) {
                break;
            }
            String key = key(e.account);
            if (reading.containsKey(key)) {
                continue;   // a request is reading it right now
            }
            try {
                store(key, e.account, directory.membership(e.account));
                read++;
            } catch (LDAPException failure) {
                directory.failed(failure, e.account, true);
                break;
            } catch (RuntimeException failure) {
                LOG.error("refreshing the groups of {} failed; it keeps the groups it has", e.account, failure);
            }
        }
        if (read > 0) {
            LOG.debug("read the groups of {} accounts again before they expire", read);
        }
        return read;
    }

    /** The resolver stops: reads still waiting for a thread complete now with what is known. */
    void abandon() {
        reading.forEach((key, pending) -> pending.complete(fallback(cached(key))));
        reading.clear();
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private CompletionStage<Membership> read(String key, String account) {
        CompletableFuture<Membership> mine = new CompletableFuture<>();
        CompletableFuture<Membership> running = reading.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        try {
            executor.execute(() -> {
                Membership loaded = null;
                try {
                    loaded = load(key, account);
                } finally {
                    // leave the in-flight map before completing: a caller woken by this answer that asks again
                    // (after the time to live, say) must start a new read, not be handed this finished one
                    reading.remove(key, mine);
                    if (loaded != null) {
                        mine.complete(loaded);
                    } else {
                        mine.complete(fallback(cached(key)));
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            reading.remove(key, mine);
            mine.complete(fallback(cached(key)));
        }
        return mine;
    }

    /** On the executor: the directory's answer, or the fallback when it cannot be asked. */
    private Membership load(String key, String account) {
        try {
            if (directory.paused()) {
                return fallback(cached(key));   // it failed for another account while this one waited
            }
            Membership fresh = directory.membership(account);
            store(key, account, fresh);
            return fresh;
        } catch (LDAPException e) {
            Entry cached = cached(key);
            directory.failed(e, account, cached != null);
            return fallback(cached);
        } catch (RuntimeException e) {
            LOG.error("reading the groups of {} failed; it keeps the groups it had, if any", account, e);
            return fallback(cached(key));
        }
    }

    private void store(String key, String account, Membership membership) {
        synchronized (entries) {
            entries.put(key, new Entry(account, membership, clock.instant()));
        }
    }

    private Entry cached(String key) {
        synchronized (entries) {
            return entries.get(key);
        }
    }

    private boolean fresh(Entry e, Instant now) {
        return now.isBefore(e.fetched.plus(ttl));
    }

    private static Membership fallback(Entry cached) {
        return cached != null ? cached.membership : Membership.NONE;
    }

    private static String key(String account) {
        return account.trim().toLowerCase(Locale.ROOT);
    }
}

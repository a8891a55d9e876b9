package org.rmsconnector.relay.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.rmsconnector.api.workload.Workload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one noisy on-premises server from taking the cloud away from the others: each authorized server (the
 * caller's account) may have at most so many relayed requests in flight and may start at most so many per second;
 * past either, it is answered 429 with {@code Retry-After} and nothing is forwarded. The other servers are not
 * affected, and the cloud transport's breaker never sees this server's surplus.
 *
 * <p>The limits come from the relay configuration: {@code server.max.concurrent} and {@code server.max.rate}
 * (requests per second, with a burst of one second's worth) for everyone, overridden per role
 * ({@code role:exchange=64/500}) and per authorized-list entry ({@code EXCH01$=8/100}, an account, computer or
 * group as the list names it), in {@code server.limits}. 0 means no limit. The most specific rule wins: entry, then
 * role, then the default. Thread-safe; the state per server is a few numbers, kept while the server is active.
 */
final class ServerLimits {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLimits.class);

    /** A server's two limits; 0 is none. */
    record Limit(int concurrent, int perSecond) {
        boolean none() {
            return concurrent <= 0 && perSecond <= 0;
        }
    }

    /** Why a request was refused, and when to come back. */
    record Refusal(String reason, String message, long retryAfterSeconds) {
    }

    private final Limit defaults;
    private final Map<String, Limit> byEntry;
    private final Map<Workload, Limit> byRole;
    private final LongSupplier nanoTime;
    private final Map<String, Server> servers = new ConcurrentHashMap<>();

    ServerLimits(Limit defaults, Map<String, Limit> byEntry, Map<Workload, Limit> byRole, LongSupplier nanoTime) {
        this.defaults = defaults;
        this.byEntry = Map.copyOf(byEntry);
        this.byRole = Map.copyOf(byRole);
        this.nanoTime = nanoTime;
    }

    static ServerLimits of(RelayConfiguration config) {
        Map<String, Limit> byEntry = new HashMap<>();
        Map<Workload, Limit> byRole = new HashMap<>();
        String[] rules = config.server_limits() == null ? new String[0] : config.server_limits();
        for (String rule : rules) {
            if (rule == null || rule.isBlank()) {
                continue;
            }
            int eq = rule.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("server.limits: '" + rule + "' is not <entry or role:name>="
                        + "<concurrent>/<per second>");
            }
            String who = rule.substring(0, eq).trim();
            Limit limit = parse(rule.substring(eq + 1).trim(), rule);
            if (who.toLowerCase(Locale.ROOT).startsWith("role:")) {
                String id = who.substring(5).trim().toLowerCase(Locale.ROOT);
                Workload role = java.util.Arrays.stream(Workload.values()).filter(w -> w.id().equals(id)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("server.limits: '" + rule
                                + "': no role " + id + " (exchange, sharepoint, fci)"));
                byRole.put(role, limit);
            } else {
                byEntry.put(key(who), limit);
            }
        }
        return new ServerLimits(new Limit(config.server_max_concurrent(), config.server_max_rate()), byEntry, byRole,
                System::nanoTime);
    }

    /**
     * The per-server limits of {@code config}; a malformed {@code server.limits} is logged with what is wrong and
     * the limits in force stay (at the first configuration: the defaults without overrides), so a typo never stops
     * the relay.
     */
    static ServerLimits orKeep(RelayConfiguration config, ServerLimits inForce) {
        try {
            return of(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; the per-server limits in force are kept (fix server.limits in {}.cfg)", e.getMessage(),
                    RelayServlet.PID);
            return inForce != null ? inForce : new ServerLimits(new Limit(config.server_max_concurrent(),
                    config.server_max_rate()), Map.of(), Map.of(), System::nanoTime);
        }
    }

    private static Limit parse(String value, String rule) {
        String[] parts = value.split("/", -1);
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            int concurrent = Integer.parseInt(parts[0].trim());
            int rate = Integer.parseInt(parts[1].trim());
            if (concurrent < 0 || rate < 0) {
                throw new NumberFormatException();
            }
            return new Limit(concurrent, rate);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server.limits: '" + rule + "': the limit must be <concurrent>/<per"
                    + " second>, two numbers 0 or more (0: no limit), e.g. 16/200", e);
        }
    }

    /** The limit that applies to a server authorized by {@code entry} as {@code role}. */
    Limit limitFor(String entry, Workload role) {
        Limit limit = entry == null ? null : byEntry.get(key(entry));
        if (limit == null) {
            limit = byRole.get(role);
        }
        return limit == null ? defaults : limit;
    }

    /**
     * Admits one request of {@code account}, or says why not. An admitted request must be {@link #release released}
     * exactly once, with the same account.
     */
    Optional<Refusal> tryAcquire(String account, String entry, Workload role) {
        Limit limit = limitFor(entry, role);
        if (limit.none()) {
            return Optional.empty();
        }
        Server server = servers.computeIfAbsent(key(account), k -> new Server());
        synchronized (server) {
            if (limit.concurrent() > 0 && server.inFlight >= limit.concurrent()) {
                return Optional.of(new Refusal("concurrency", account + " already has " + server.inFlight
                        + " requests in flight, its limit is " + limit.concurrent(), 1));
            }
            if (limit.perSecond() > 0) {
                long now = nanoTime.getAsLong();
                double capacity = limit.perSecond();
                if (server.lastRefill == 0) {
                    server.tokens = capacity;
                } else {
                    server.tokens = Math.min(capacity, server.tokens + (now - server.lastRefill) / 1e9 * capacity);
                }
                server.lastRefill = now;
                if (server.tokens < 1) {
                    return Optional.of(new Refusal("rate", account + " passed its limit of " + limit.perSecond()
                            + " requests per second", 1));
                }
                server.tokens -= 1;
            }
            server.inFlight++;
        }
        return Optional.empty();
    }

    /** The admitted request of {@code account} was answered. */
    void release(String account) {
        Server server = servers.get(key(account));
        if (server == null) {
            return;
        }
        synchronized (server) {
            if (server.inFlight > 0) {
                server.inFlight--;
            }
        }
    }

    /** Requests in flight for {@code account}, as counted here. */
    int inFlight(String account) {
        Server server = servers.get(key(account));
        if (server == null) {
            return 0;
        }
        synchronized (server) {
            return server.inFlight;
        }
    }

    private static String key(String account) {
        return account.trim().toLowerCase(Locale.ROOT);
    }

    /** One server's state. Guarded by itself. */
    private static final class Server {
        int inFlight;
        double tokens;
        long lastRefill;
    }
}

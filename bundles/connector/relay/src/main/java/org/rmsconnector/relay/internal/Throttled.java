package org.rmsconnector.relay.internal;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the log and the event journal readable while a server is throttled: one line per server and minute, with
 * how many of its requests were refused since the last one. Thread-safe.
 */
final class Throttled {
    private static final long INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, long[]> servers = new ConcurrentHashMap<>();

    /**
     * Counts one refusal of {@code account} at {@code now} (nanoTime).
     *
     * @return the refusals to report now (this one included) when the server's last report is a minute old or
     *         there was none; 0 when this one is only counted
     */
    long refused(String account, long now) {
        long[] state = servers.computeIfAbsent(account.toLowerCase(Locale.ROOT), k -> new long[] {now - INTERVAL, 0});
        synchronized (state) {
            state[1]++;
            if (now - state[0] < INTERVAL) {
                return 0;
            }
            long count = state[1];
            state[0] = now;
            state[1] = 0;
            return count;
        }
    }
}

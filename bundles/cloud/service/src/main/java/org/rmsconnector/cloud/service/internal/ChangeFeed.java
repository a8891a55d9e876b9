package org.rmsconnector.cloud.service.internal;

import static org.rmsconnector.cloud.service.internal.AdminRequest.ok;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.model.AuthorizedServerChange;
import org.rmsconnector.cloud.model.AuthorizedServerList;
import org.rmsconnector.cloud.store.CloudStore;

/**
 * {@code authorized-servers/changes?since=N&waitSeconds=S}: the long-poll of the authorized-servers change feed. It
 * answers at once when the list version is past {@code N} (or below it: the list was reset), otherwise waits until a
 * change or {@code S} seconds (capped at the caller's {@code maxWait}). While waiting it holds no transaction and no
 * lock: it sleeps on a {@link ChangeSignal} that this service's own writes notify ({@link #changed()}), and re-reads
 * the store on every wake-up and at least every {@code recheck} (writers elsewhere, e.g. another service node on the
 * same database, do not notify it).
 */
final class ChangeFeed {

    private final CloudStore store;
    private final AuthorizedServersJson json;
    private final Duration recheck;
    private final ChangeSignal changes = new ChangeSignal();

    ChangeFeed(CloudStore store, AuthorizedServersJson json, Duration recheck) {
        this.store = store;
        this.json = json;
        this.recheck = recheck;
    }

    /** Wakes the waiting long-polls: the list changed (call after the change was committed). */
    void changed() {
        changes.signal();
    }

    AdminAnswer poll(AdminRequest r, Duration maxWait) throws CloudException {
        long since = AdminRequest.parseLong(r.requiredQuery("since"), "since", 0, Long.MAX_VALUE);
        long waitSeconds = r.query().containsKey("waitSeconds")
                ? AdminRequest.parseLong(r.query().get("waitSeconds"), "waitSeconds", 0, 86_400) : 0;
        Duration wait = Duration.ofSeconds(waitSeconds);
        if (maxWait.isNegative()) {
            maxWait = Duration.ZERO;
        }
        if (wait.compareTo(maxWait) > 0) {
            wait = maxWait;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long seen = changes.sequence(); // before reading the store: a change after this read still wakes us
            AuthorizedServerList list = store.authorizedServers().list();
            if (list.version() != since) {
                return answer(list, since, true);
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return answer(list, since, false);
            }
            long until = Math.min(deadline - now, recheck.toNanos()) + now;
            try {
                changes.await(seen, until);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: answer with what there is
                return answer(store.authorizedServers().list(), since, false);
            }
        }
    }

    private AdminAnswer answer(AuthorizedServerList list, long since, boolean changed) throws CloudException {
        JsonSupport.Obj o = json.signedList(list).put("since", since).put("changed", changed);
        if (changed) {
            List<Object> feed = new ArrayList<>();
            boolean reset = list.version() < since;
            if (!reset) {
                for (AuthorizedServerChange c : store.authorizedServers().changesSince(since)) {
                    feed.add(JsonSupport.object().put("version", c.version())
                            .put("type", c.type().name().toLowerCase(Locale.ROOT))
                            .put("entry", AuthorizedServersJson.entry(c.entry()).map())
                            .put("changedAt", c.changedAt().toString()).put("changedBy", c.changedBy()).map());
                }
            }
            o.put("reset", reset).put("changes", feed);
        }
        return ok(o);
    }
}

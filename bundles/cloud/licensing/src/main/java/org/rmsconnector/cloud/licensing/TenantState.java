package org.rmsconnector.cloud.licensing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Principals;
import org.rmsconnector.cloud.model.SuperUserConfig;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TemplateCatalog;
import org.rmsconnector.cloud.model.TemplateStatus;
import org.rmsconnector.cloud.store.CloudStore;

/**
 * An in-memory copy of what licensing and publishing read on every call but what rarely changes: the directory,
 * the templates and the super-user configuration. Licensing used to load the whole directory and the super users
 * from the database for each request, and each template once per item.
 *
 * <p>Invalidated on change: the store counts every change to these ({@link CloudStore#changes()}), and a copy
 * loaded at another count is loaded again on its next use; a change is visible to the next request after it
 * commits. {@code maxAge} is a backstop for a database that another process changes (a second service on one
 * PostgreSQL database): no copy is used longer than that. Thread-safe: readers share one immutable snapshot;
 * one thread reloads while the others wait for it.
 */
final class TenantState implements TemplateCatalog {

    /** Longest a copy is used without a change seen in this process. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);

    private record Snapshot(long version, Instant loadedAt, Directory directory, SuperUserConfig superUsers,
            Map<UUID, Template> templates, List<Published> published) {
    }

    /** A published template with its {@link Template#contentHash()}, computed once per load, not once per call. */
    record Published(Template template, String hash) {
    }

    private final CloudStore store;
    private final Clock clock;
    private final Duration maxAge;
    private volatile Snapshot snapshot;
    private long loads;

    TenantState(CloudStore store, Clock clock, Duration maxAge) {
        this.store = store;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The tenant directory as of the last committed change. */
    Directory directory() {
        return current().directory();
    }

    /** The super-user configuration as of the last committed change. */
    SuperUserConfig superUsers() {
        return current().superUsers();
    }

    /** The template with this id as of the last committed change, archived or not. */
    @Override
    public Optional<Template> find(UUID id) {
        return Optional.ofNullable(current().templates().get(id));
    }

    /** The published templates in name order, as the store lists them, as of the last committed change. */
    List<Published> published() {
        return current().published();
    }

    /** Whether two names denote the same person: equal, or the UPN and mail address of one directory user. */
    boolean sameParty(String a, String b) {
        if (a.strip().equalsIgnoreCase(b.strip())) {
            return true;
        }
        return directory().findUser(a).map(u -> u.identifiers().contains(Principals.optionalKey(b))).orElse(false);
    }

    /** How often the copy was loaded: for tests. */
    synchronized long loads() {
        return loads;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (fresh(s)) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (fresh(s)) {
                return s; // another thread loaded it meanwhile
            }
            long version = store.changes().version(); // before loading: a change during the load makes it stale
            Instant now = clock.instant();
            Map<UUID, Template> templates = new HashMap<>();
            List<Published> published = new ArrayList<>();
            for (Template t : store.templates().list(true)) {   // in name order
                templates.put(t.id(), t);
                if (t.status() == TemplateStatus.PUBLISHED) {
                    published.add(new Published(t, t.contentHash()));
                }
            }
            s = new Snapshot(version, now, store.directory().load(), store.tenant().superUsers(), Map.copyOf(templates),
                    List.copyOf(published));
            snapshot = s;
            loads++;
            return s;
        }
    }

    private boolean fresh(Snapshot s) {
        if (s == null || s.version() != store.changes().version()) {
            return false;
        }
        Instant now = clock.instant();
        return !now.isBefore(s.loadedAt()) && now.isBefore(s.loadedAt().plus(maxAge));
    }
}

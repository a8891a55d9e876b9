package org.rmsconnector.cloud.service.internal;

import java.time.Duration;
import java.util.Optional;

import org.rmsconnector.cloud.store.CloudStore;
import org.rmsconnector.cloud.store.Databases;
import org.rmsconnector.cloud.store.PostgresChangeListener;

/**
 * Makes this node notice at once what another cloud node changed in the shared PostgreSQL database: the long-polls
 * of the authorized-servers change feed wake ({@code onAuthorizedServers}, {@link CloudAdminImpl#authorizedServersChanged})
 * and the in-memory copies of the list and of the registered connectors reload (the stores' change counters). The
 * other node's store notifies in the transaction that makes the change ({@code pg_notify}); this one listens on a
 * dedicated connection ({@link PostgresChangeListener}).
 *
 * <p>On H2 there is one node, whose own writes wake its pollers in process: nothing to listen to. Whatever the
 * database, the pollers' periodic re-read stays as the safety net (a lost connection, a notification missed while
 * reconnecting: the listener then reports everything as changed).
 */
public final class ChangesElsewhere implements AutoCloseable {

    private final PostgresChangeListener listener;

    private ChangesElsewhere(PostgresChangeListener listener) {
        this.listener = listener;
    }

    /**
     * Starts listening when the store's database is PostgreSQL.
     *
     * @param store               the store whose in-memory copies must follow other nodes' changes
     * @param onAuthorizedServers wakes this node's long-polls
     * @param connections         opens the listener's own connection to the same database
     * @return the running listener, or empty on another database
     */
    public static Optional<ChangesElsewhere> listen(CloudStore store, Runnable onAuthorizedServers,
            PostgresChangeListener.ConnectionSource connections) {
        boolean postgres = store.tx().readOnly(Databases::isPostgres);
        if (!postgres) {
            return Optional.empty();
        }
        PostgresChangeListener listener = new PostgresChangeListener(connections, payload -> {
            boolean everything = PostgresChangeListener.EVERYTHING.equals(payload);
            if (everything || Databases.CONNECTORS.equals(payload)) {
                store.connectors().changedElsewhere();
            }
            if (everything || Databases.AUTHORIZED_SERVERS.equals(payload)) {
                store.authorizedServers().changedElsewhere();
                onAuthorizedServers.run();
            }
        });
        listener.start();
        return Optional.of(new ChangesElsewhere(listener));
    }

    /** Waits until the listener hears other nodes, at most {@code deadline}; whether it does. */
    public boolean awaitListening(Duration deadline) throws InterruptedException {
        return listener.awaitListening(deadline);
    }

    @Override
    public void close() {
        listener.close();
    }
}

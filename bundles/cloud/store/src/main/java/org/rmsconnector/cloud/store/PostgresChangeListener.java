package org.rmsconnector.cloud.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears, on a PostgreSQL connection of its own, the changes other nodes commit ({@link Databases#CHANNEL}) and
 * hands each payload ({@link Databases#AUTHORIZED_SERVERS}, {@link Databases#CONNECTORS}) to {@code onChange}, on its
 * one thread. When the connection breaks it connects again (a second apart at first, then up to
 * {@link #MAX_BACKOFF}) and then reports {@link #EVERYTHING}: notifications sent meanwhile are lost, so listeners
 * re-read what they hold.
 *
 * <p>{@link #start()} starts the thread (never the constructor); {@link #close()} stops it and closes the
 * connection, waiting at most {@link #STOP_DEADLINE}. {@link #awaitListening} lets a caller (a test, a start-up
 * check) wait until the {@code LISTEN} is in place.
 */
public final class PostgresChangeListener implements AutoCloseable {

    /** Payload passed after a (re)connection: anything may have changed. */
    public static final String EVERYTHING = "*";
    /** The longest wait between two connection attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** How long {@link #close()} waits for the thread. */
    public static final Duration STOP_DEADLINE = Duration.ofSeconds(5);
    /** How long one wait for notifications lasts before the thread checks whether it must stop. */
    private static final int POLL_MILLIS = 500;

    private static final System.Logger LOG = System.getLogger(PostgresChangeListener.class.getName());

    /** Opens the listener's own connection (not a pooled one: the LISTEN belongs to the session). */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource source;
    private final Consumer<String> onChange;
    private final Object state = new Object();
    private Thread thread;
    private Connection connection;
    private boolean listening;
    private volatile boolean stopping;

    /**
     * @param source   opens the dedicated connection
     * @param onChange gets each payload; must be quick and must not throw (an exception is logged and ignored)
     */
    public PostgresChangeListener(ConnectionSource source, Consumer<String> onChange) {
        this.source = Objects.requireNonNull(source, "source");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
    }

    /** Starts listening on a thread of its own. */
    public void start() {
        synchronized (state) {
            if (thread != null) {
                throw new IllegalStateException("already started");
            }
            thread = new Thread(this::run, "rms-cloud-change-listener");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Waits until the {@code LISTEN} is in place, at most {@code deadline}.
     *
     * @return whether it is
     */
    public boolean awaitListening(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (state) {
            while (!listening) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(state, left);
            }
            return true;
        }
    }

    private void run() {
        long backoff = 1000;
        while (!stopping) {
            try (Connection c = source.open()) {
                synchronized (state) {
                    connection = c;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + Databases.CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                setListening(true);
                backoff = 1000;
                deliver(EVERYTHING); // whatever happened before the LISTEN (or while disconnected) is not notified
                while (!stopping) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            deliver(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (stopping) {
                    break;
                }
                LOG.log(System.Logger.Level.WARNING, "listening for changes of other cloud nodes failed ({0});"
                        + " connecting again in {1} ms, meanwhile changes made elsewhere are seen within the periodic"
                        + " re-check", e.toString(), backoff);
            } finally {
                setListening(false);
                synchronized (state) {
                    connection = null;
                }
            }
            if (!sleep(backoff)) {
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    private void deliver(String payload) {
        try {
            onChange.accept(payload);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a change listener failed on ''{0}'': {1}", payload, e.toString());
        }
    }

    private void setListening(boolean value) {
        synchronized (state) {
            listening = value;
            state.notifyAll();
        }
    }

    private boolean sleep(long millis) {
        synchronized (state) {
            long end = System.nanoTime() + millis * 1_000_000L;
            while (!stopping) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(state, left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        }
    }

    /** Stops listening and closes the connection. */
    @Override
    public void close() {
        Thread t;
        synchronized (state) {
            stopping = true;
            state.notifyAll();
            t = thread;
            if (connection != null) {
                try {
                    connection.close(); // ends a getNotifications wait at once
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
        }
        if (t != null) {
            try {
                t.join(STOP_DEADLINE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "the change listener did not stop within {0}", STOP_DEADLINE);
            }
        }
    }
}

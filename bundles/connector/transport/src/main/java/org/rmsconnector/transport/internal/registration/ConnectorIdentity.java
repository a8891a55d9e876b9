package org.rmsconnector.transport.internal.registration;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.rmsconnector.transport.internal.Backoff;
import org.rmsconnector.transport.internal.CloudChannel;
import org.rmsconnector.transport.internal.CloudHttp;
import org.rmsconnector.transport.internal.HttpClients;
import org.rmsconnector.transport.internal.Secrets;
import org.rmsconnector.transport.internal.Threads;
import org.rmsconnector.transport.internal.TransportSettings;

/**
 * The one owner of the connector's credentials: nothing else writes them, everything else reads them here.
 *
 * <p>At activation it loads them from the encrypted store. Without any, its own thread obtains them: registers
 * with {@code registration.user} when configured to, or looks for credentials a tool writes into the directory
 * every {@link #CREDENTIALS_POLL}, saying in the log how to register; an administrator's registration
 * ({@link #register}) ends the wait at once. {@link #await()} lets the authorized-servers sync wait for them.
 */
@Component(service = ConnectorIdentity.class)
public final class ConnectorIdentity {

    /** How often to look for credentials that an operator or a tool writes while this node waits. */
    public static final Duration CREDENTIALS_POLL = Duration.ofSeconds(5);
    public static final String HOW_TO_REGISTER = "this node is not registered with the cloud service yet: no connector"
            + " credentials in %s. To register it, set registration.user (a connector administrator of the tenant)"
            + " and registration.password.file (a file holding that user's password) in the configuration "
            + TransportSettings.PID + " (etc/" + TransportSettings.PID + ".cfg); this node registers itself and"
            + " starts syncing. Until then every forwarded call fails with 503.";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorIdentity.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final TransportSettings settings;
    private final ConnectorCredentialStore store;
    private final ConnectorRegistration registration;
    private final Backoff pauses;
    /** Registration attempts that fail for want of a cloud are said at INFO up to this many, then at WARN. */
    private static final int QUIET_FAILURES = 5;
    /** The longest pause between registration attempts: a registration is one call, and readiness waits for it. */
    private static final Duration REGISTRATION_PAUSE_MAX = Duration.ofSeconds(5);
    /** Serializes registrations: a node never registers twice. */
    private final Object registering = new Object();
    /** Guards the hand-over of credentials to waiting threads. */
    private final Object lock = new Object();
    private volatile ConnectorCredentials credentials;
    private volatile boolean stopped;
    private volatile Thread thread;

    @Activate
    public ConnectorIdentity(@Reference CloudChannel channel) {
        this.settings = channel.settings();
        this.store = new ConnectorCredentialStore(settings.credentialsDir(), settings.credentialsPassword());
        this.registration = new ConnectorRegistration(channel.http(), channel.clock(), settings.requestTimeout());
        Duration max = settings.policyBackoffMax();
        this.pauses = new Backoff(1, HttpClients.min(Duration.ofSeconds(1), max), max);
        // a wrong .credentials.password fails activation here, with a message naming it
        this.credentials = store.load().orElse(null);
        if (credentials != null && !credentials.cloudUrl().equals(settings.cloudBase())) {
            LOG.warn("this node was registered with {} but is configured for {}: the cloud will not know this"
                    + " connector unless both name the same service", credentials.cloudUrl(), settings.cloudBase());
        }
    }

    /** Without credentials, starts the thread that obtains them. */
    @Activate
    public void start() {
        synchronized (lock) {
            if (credentials == null && !stopped) {
                thread = Threads.daemon("rms-connector-registration").newThread(this::obtain);
                thread.start();
            }
        }
    }

    @Deactivate
    public void stop() throws InterruptedException {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll(); // a sync waiting in await() ends
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            t.join(STOP_TIMEOUT.toMillis());
            if (t.isAlive()) {
                LOG.warn("the registration thread did not stop within {} s", STOP_TIMEOUT.toSeconds());
            }
        }
    }

    /** The credentials, once the node is registered. */
    public Optional<ConnectorCredentials> current() {
        return Optional.ofNullable(credentials);
    }

    /**
     * Waits for credentials.
     *
     * @return them, or null when this component stops first
     */
    public ConnectorCredentials await() throws InterruptedException {
        synchronized (lock) {
            while (credentials == null && !stopped) {
                lock.wait();
            }
            return credentials;
        }
    }

    /**
     * Registers this node as an administrator asks, once: the credentials are used at once.
     *
     * @throws AlreadyRegistered when the node holds credentials or the store has some
     */
    public ConnectorCredentials register(String user, char[] password, String name)
            throws AlreadyRegistered, IOException, InterruptedException {
        synchronized (registering) {
            ConnectorCredentials held = credentials;
            if (held != null || store.exists()) {
                throw new AlreadyRegistered(held);
            }
            LOG.info("registering this node as connector '{}' with {} as {}, asked by an administrator", name,
                    settings.cloudBase(), user);
            ConnectorCredentials c = registration.register(user, password, name, store);
            LOG.info("connector credentials registered by an administrator: {}", c);
            found(c);
            return c;
        }
    }

    /** The path of the credentials file, for messages. */
    public String storeFile() {
        return store.file().toString();
    }

    // ---- the registration thread ------------------------------------------------------------------------------

    private void obtain() {
        boolean told = false;
        boolean registrationRefused = false;
        String lastProblem = null;
        int failures = 0;
        try {
            while (!stopped && credentials == null) {
                Duration pause = CREDENTIALS_POLL;
                try {
                    Optional<ConnectorCredentials> loaded = store.load();
                    if (loaded.isPresent()) {
                        LOG.info("connector credentials appeared in {}: {}", store.file(), loaded.get());
                        found(loaded.get());
                        return;
                    }
                    if (settings.registrationUser() != null && !registrationRefused) {
                        try {
                            found(registerFromConfiguration());
                            return;
                        } catch (ConnectorRegistration.RegistrationException e) {
                            registrationRefused = true;
                            LOG.error("registration of this node was refused: {}. Correct registration.user /"
                                    + " registration.password.file in {} (the node then tries again), or register"
                                    + " it another way.", e.getMessage(), TransportSettings.PID);
                        } catch (IOException e) {
                            failures++;
                            // a cloud that is still starting (the embedded one starts beside this node) is the
                            // usual first-start case: tried again every few seconds, said at INFO at first
                            pause = HttpClients.min(pauses.delay(failures,
                                    () -> ThreadLocalRandom.current().nextDouble()), REGISTRATION_PAUSE_MAX);
                            String message = "cannot register this node with {} yet ({}); trying again in {} s";
                            if (failures <= QUIET_FAILURES) {
                                LOG.info(message, settings.cloudBase(), CloudHttp.describe(e),
                                        Math.max(1, pause.toSeconds()));
                            } else {
                                LOG.warn(message, settings.cloudBase(), CloudHttp.describe(e),
                                        Math.max(1, pause.toSeconds()));
                            }
                        }
                    } else if (!told) {
                        told = true;
                        LOG.warn(String.format(Locale.ROOT, HOW_TO_REGISTER, store.directory()));
                    }
                } catch (ConnectorCredentialStore.CredentialsException e) {
                    if (!e.getMessage().equals(lastProblem)) {
                        lastProblem = e.getMessage();
                        LOG.error("{}", e.getMessage());
                    }
                }
                pause(pause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("obtaining the connector's credentials stopped unexpectedly", e);
        }
    }

    /** Registers with {@code registration.user}, unless credentials appeared meanwhile: then those. */
    private ConnectorCredentials registerFromConfiguration() throws IOException, InterruptedException {
        synchronized (registering) {
            if (credentials != null) {
                return credentials;
            }
            Optional<ConnectorCredentials> existing = store.load();
            if (existing.isPresent()) {
                return existing.get();
            }
            char[] password = Secrets.readPasswordFile(settings.registrationPasswordFile());
            try {
                LOG.info("registering this node as connector '{}' with {} as {}", settings.connectorName(),
                        settings.cloudBase(), settings.registrationUser());
                return registration.register(settings.registrationUser(), password, settings.connectorName(), store);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** Waits {@code pause}, or less when credentials arrive or the component stops. */
    private void pause(Duration pause) throws InterruptedException {
        long end = System.nanoTime() + Math.max(1, pause.toNanos());
        synchronized (lock) {
            long left;
            while (credentials == null && !stopped && (left = end - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    private void found(ConnectorCredentials c) {
        synchronized (lock) {
            credentials = c;
            lock.notifyAll();
        }
    }

    /** The node already holds credentials (or its store does). */
    public static final class AlreadyRegistered extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ConnectorCredentials held;

        AlreadyRegistered(ConnectorCredentials held) {
            super("already registered");
            this.held = held;
        }

        public Optional<ConnectorCredentials> held() {
            return Optional.ofNullable(held);
        }
    }
}

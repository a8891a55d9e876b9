package org.rmsconnector.transport.internal.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.PolicyListener;
import org.rmsconnector.api.policy.PolicySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.rmsconnector.transport.internal.CloudChannel;
import org.rmsconnector.transport.internal.Threads;
import org.rmsconnector.transport.internal.registration.ConnectorIdentity;

/**
 * The authorized-servers list as a {@link PolicySource}: the {@link PolicySync} thread keeps it current (started at
 * activation, interrupted and joined at deactivation), and every {@link PolicyListener} (whiteboard) is told each
 * new version on the component's notifier thread, in order; one registered late is told the list in force at once.
 */
@Component(service = PolicySource.class, immediate = true)
public final class PolicyComponent implements PolicySource {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyComponent.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final List<PolicyListener> listeners = new CopyOnWriteArrayList<>();
    private final PolicySync sync;
    /** One thread, started with the first notification, ended at deactivation. */
    private final ThreadPoolExecutor notifier = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), Threads.daemon("rms-policy-listeners"));

    @Activate
    public PolicyComponent(@Reference CloudChannel channel, @Reference ConnectorIdentity identity) {
        this.sync = new PolicySync(channel, identity, new PolicyCache(channel.settings().credentialsDir()),
                PolicySync.Pacing.of(channel.settings()), this::notifyListeners,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    @Activate
    public void start() {
        sync.start();
    }

    @Deactivate
    public void stop() throws InterruptedException {
        try {
            if (!sync.stop(STOP_TIMEOUT)) {
                LOG.warn("the authorized-servers sync did not stop within {} s", STOP_TIMEOUT.toSeconds());
            }
        } finally {
            Threads.shutdown(notifier, STOP_TIMEOUT);
        }
    }

    @Override
    public Optional<AuthorizationPolicy> current() {
        return sync.current();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            service = PolicyListener.class)
    public void addPolicyListener(PolicyListener listener) {
        listeners.add(listener);
        sync.current().ifPresent(p -> execute(() -> tell(listener, p)));
    }

    public void removePolicyListener(PolicyListener listener) {
        listeners.remove(listener);
    }

    private void notifyListeners(AuthorizationPolicy policy) {
        execute(() -> {
            for (PolicyListener l : listeners) {
                tell(l, policy);
            }
        });
    }

    private void execute(Runnable r) {
        try {
            notifier.execute(r);
        } catch (RejectedExecutionException e) {
            LOG.debug("stopping: policy listeners are not told any more");
        }
    }

    private static void tell(PolicyListener l, AuthorizationPolicy p) {
        try {
            l.policyChanged(p);
        } catch (RuntimeException e) {
            LOG.error("policy listener {} failed on version {}", l, p.version(), e);
        }
    }
}

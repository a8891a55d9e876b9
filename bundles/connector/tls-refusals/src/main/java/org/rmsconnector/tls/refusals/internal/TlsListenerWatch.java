package org.rmsconnector.tls.refusals.internal;

import java.security.Security;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the handshakes of every HTTPS listener that asks for client certificates. A whiteboard servlet-context
 * listener on every Felix HTTP instance: when an instance's context starts (Felix starts Jetty, or restarts it after
 * a configuration change), its TLS listeners that want or need client certificates are switched to this bundle's
 * trust managers, which are the JDK's plus a report of each refusal; when the context stops, or this bundle does,
 * they are switched back. Listeners without client certificates (the embedded cloud's) are left alone.
 * <p>
 * The switch is Jetty's own {@code SslContextFactory.reload}: it rebuilds the TLS context with every setting Felix
 * gave it (key store, trust store, protocols, cipher suites, client-certificate mode) and only the trust manager
 * algorithm changed; connections already open keep theirs.
 */
@Component(service = ServletContextListener.class)
@HttpWhiteboardListener
public class TlsListenerWatch implements ServletContextListener {
    private static final Logger LOG = LoggerFactory.getLogger(TlsListenerWatch.class);

    /** A listener switched to the reporting trust managers, and how to switch it back. */
    private record Watched(String listener, String algorithm, String originalAlgorithm) {
    }

    private final RefusalSink sink;
    private final RefusalReportingProvider provider = new RefusalReportingProvider();
    /** Guarded by this. Jetty's TLS factories compare by identity. */
    private final Map<SslContextFactory.Server, Watched> watched = new IdentityHashMap<>();

    @Activate
    public TlsListenerWatch(@Reference RefusalJournal journal) {
        this((RefusalSink) journal);
    }

    TlsListenerWatch(RefusalSink sink) {
        this.sink = sink;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Optional<Server> server = JettyListeners.serverOf(event.getServletContext());
        if (server.isEmpty()) {
            LOG.error("refused TLS client certificates will not be reported (event 4020, {}): the Jetty server"
                    + " behind the HTTP context '{}' could not be found; this Felix HTTP version wraps its servlet"
                    + " context differently than 1.1.8 (see the README of bundle org.rmsconnector.tls.refusals)",
                    RefusalJournal.METRIC, event.getServletContext().getServletContextName());
            return;
        }
        watch(server.get());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        JettyListeners.serverOf(event.getServletContext()).ifPresent(this::unwatch);
    }

    @Deactivate
    synchronized void deactivate() {
        for (SslContextFactory.Server tls : List.copyOf(watched.keySet())) {
            restore(tls);
        }
        uninstallProvider();
    }

    /** Switches the server's client-certificate listeners to the reporting trust managers. */
    synchronized void watch(Server server) {
        Map<SslContextFactory.Server, String> listeners = JettyListeners.clientCertificateListeners(server);
        if (listeners.isEmpty()) {
            LOG.debug("no listener of {} asks for client certificates", server);
            return;
        }
        listeners.forEach((tls, listener) -> {
            if (watched.containsKey(tls)) {
                return;
            }
            installProvider();
            String original = tls.getTrustManagerFactoryAlgorithm();
            String algorithm = provider.register(listener, original, sink);
            try {
                tls.reload(factory -> factory.setTrustManagerFactoryAlgorithm(algorithm));
                watched.put(tls, new Watched(listener, algorithm, original));
                LOG.info("TLS listener {}: refused client certificates are reported (event 4020, {})", listener,
                        RefusalJournal.METRIC);
            } catch (Exception e) {
                provider.unregister(algorithm);
                LOG.error("TLS listener {}: refused client certificates will not be reported; switching its trust"
                        + " managers failed: {}", listener, e.toString(), e);
                restoreAfterFailedSwitch(tls, original);
            }
        });
        if (provider.unused()) {
            uninstallProvider();
        }
    }

    /** Switches the server's listeners back to the JDK's trust managers, if they still run. */
    synchronized void unwatch(Server server) {
        for (SslContextFactory.Server tls : JettyListeners.clientCertificateListeners(server).keySet()) {
            if (watched.containsKey(tls)) {
                restore(tls);
            }
        }
        if (watched.isEmpty()) {
            uninstallProvider();
        }
    }

    /** The listeners watched now, by name: for tests and the log. */
    synchronized List<String> watchedListeners() {
        return watched.values().stream().map(Watched::listener).sorted().toList();
    }

    private void restore(SslContextFactory.Server tls) {
        Watched w = watched.remove(tls);
        if (tls.isRunning()) {
            try {
                tls.reload(factory -> factory.setTrustManagerFactoryAlgorithm(w.originalAlgorithm()));
            } catch (Exception e) {
                LOG.warn("TLS listener {}: could not switch back to the {} trust managers: {}", w.listener(),
                        w.originalAlgorithm(), e.toString());
            }
        } else {
            // a stopped listener rebuilds its context from its settings when started again
            tls.setTrustManagerFactoryAlgorithm(w.originalAlgorithm());
        }
        provider.unregister(w.algorithm());
        LOG.debug("TLS listener {}: no longer watched", w.listener());
    }

    private static void restoreAfterFailedSwitch(SslContextFactory.Server tls, String original) {
        tls.setTrustManagerFactoryAlgorithm(original);
        if (tls.isRunning()) {
            try {
                tls.reload(factory -> { });
            } catch (Exception e) {
                LOG.error("the TLS listener's context could not be rebuilt: {}", e.toString(), e);
            }
        }
    }

    private void installProvider() {
        if (Security.getProvider(RefusalReportingProvider.NAME) == provider) {
            return;
        }
        // an instance left by an earlier copy of this bundle that did not stop cleanly must not shadow this one
        Security.removeProvider(RefusalReportingProvider.NAME);
        Security.addProvider(provider);
    }

    private void uninstallProvider() {
        if (Security.getProvider(RefusalReportingProvider.NAME) == provider) {
            Security.removeProvider(RefusalReportingProvider.NAME);
        }
    }
}

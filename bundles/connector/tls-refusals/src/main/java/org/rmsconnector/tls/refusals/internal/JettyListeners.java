package org.rmsconnector.tls.refusals.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.ServletContext;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Finds, from a whiteboard {@link ServletContext}, the Jetty server behind it and its TLS listeners that ask for
 * client certificates. Felix HTTP hands whiteboard services its own wrappers of Jetty's servlet context and offers
 * no API that unwraps them (nor any other handle on its connectors), so the wrappers' fields are followed until
 * Jetty's context appears; should a Felix version wrap differently, {@link #serverOf} answers empty and the watch
 * says so in the log.
 */
final class JettyListeners {
    /** Felix 1.1.8 wraps twice (per-bundle context → shared context → Jetty's); a little slack for other versions. */
    private static final int MAX_DEPTH = 6;

    private JettyListeners() {
    }

    static Optional<Server> serverOf(ServletContext context) {
        return serverBehind(context);
    }

    /** From any wrapper: following its fields typed {@link ServletContext}, breadth first. */
    static Optional<Server> serverBehind(Object context) {
        Deque<Object> queue = new ArrayDeque<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        queue.add(context);
        for (int depth = 0; depth <= MAX_DEPTH && !queue.isEmpty(); depth++) {
            Deque<Object> next = new ArrayDeque<>();
            for (Object current : queue) {
                if (!seen.add(current)) {
                    continue;
                }
                if (current instanceof ServletContextHandler.ServletContextApi jetty) {
                    ServletContextHandler handler = ServletContextHandler.getServletContextHandler(jetty);
                    if (handler != null && handler.getServer() != null) {
                        return Optional.of(handler.getServer());
                    }
                }
                next.addAll(wrappedContexts(current));
            }
            queue = next;
        }
        return Optional.empty();
    }

    /** The servlet contexts an object holds in its fields: what a wrapper wraps. */
    private static Deque<Object> wrappedContexts(Object wrapper) {
        Deque<Object> found = new ArrayDeque<>();
        for (Class<?> type = wrapper.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || !ServletContext.class.isAssignableFrom(field.getType())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    Object value = field.get(wrapper);
                    if (value != null) {
                        found.add(value);
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // not ours to open (a JDK class): not a Felix wrapper either
                }
            }
        }
        return found;
    }

    /**
     * The server's TLS factories that want or need client certificates, each with its listener's name
     * ({@code host:port}). A factory shared by two connection factories of one connector (HTTP/1.1 and ALPN) is
     * listed once.
     */
    static Map<SslContextFactory.Server, String> clientCertificateListeners(Server server) {
        Map<SslContextFactory.Server, String> found = new LinkedHashMap<>(); // Jetty's factories: identity equality
        for (Connector connector : server.getConnectors()) {
            for (ConnectionFactory factory : connector.getConnectionFactories()) {
                if (factory instanceof SslConnectionFactory ssl) {
                    SslContextFactory.Server tls = ssl.getSslContextFactory();
                    if (tls != null && (tls.getWantClientAuth() || tls.getNeedClientAuth())
                            && !found.containsKey(tls)) {
                        found.put(tls, name(connector));
                    }
                }
            }
        }
        return found;
    }

    static String name(Connector connector) {
        if (connector instanceof NetworkConnector network) {
            String host = network.getHost() == null ? "0.0.0.0" : network.getHost();
            int port = network.getLocalPort() > 0 ? network.getLocalPort() : network.getPort();
            return Refusal.hostAndPort(host, port);
        }
        return connector.toString();
    }
}

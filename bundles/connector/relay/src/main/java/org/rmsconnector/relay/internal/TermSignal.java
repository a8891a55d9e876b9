package org.rmsconnector.relay.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intercepts the process's SIGTERM so the node can drain before it stops, and gives the JVM's own handling back.
 *
 * <p>The JDK's {@code sun.misc.Signal} (module {@code jdk.unsupported}, public and supported for this use) is reached
 * through the system class loader by reflection: the relay bundle imports no {@code sun.*} package, so it resolves
 * on any framework, and where the class is absent the node simply stops at once on SIGTERM, as before. The JDK runs
 * each signal's handler on a thread of its own, so the handler may wait.
 */
final class TermSignal {
    private static final Logger LOG = LoggerFactory.getLogger(TermSignal.class);

    private final Object signal;
    private final Object previous;
    private final Class<?> signalClass;
    private final Class<?> handlerClass;

    private TermSignal(Class<?> signalClass, Class<?> handlerClass, Object signal, Object previous) {
        this.signalClass = signalClass;
        this.handlerClass = handlerClass;
        this.signal = signal;
        this.previous = previous;
    }

    /**
     * Routes SIGTERM to {@code onTerm} until {@link #restore()}.
     *
     * @return empty when this JVM does not let us (the node then stops at once on SIGTERM)
     */
    static Optional<TermSignal> install(Runnable onTerm) {
        try {
            ClassLoader system = ClassLoader.getSystemClassLoader();
            Class<?> signalClass = Class.forName("sun.misc.Signal", true, system);
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler", true, system);
            Object term = signalClass.getConstructor(String.class).newInstance("TERM");
            InvocationHandler calls = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    onTerm.run();
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "rms-relay SIGTERM drain";
            };
            Object handler = Proxy.newProxyInstance(system, new Class<?>[] {handlerClass}, calls);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object previous = handle.invoke(null, term, handler);
            return Optional.of(new TermSignal(signalClass, handlerClass, term, previous));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("SIGTERM stops this node at once (no drain): cannot handle signals here: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Gives SIGTERM back to the handler that was there before. */
    void restore() {
        try {
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not give SIGTERM back to the JVM: {}", e.toString());
        }
    }

    /**
     * What the JVM would have done with the signal: runs the shutdown hooks (the launcher's stops the framework)
     * and exits with 143. Does not return when it works.
     */
    void passOn() {
        try {
            handlerClass.getMethod("handle", signalClass).invoke(previous, signal);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("the JVM's SIGTERM handler could not be called ({}); exiting", e.toString());
        }
        System.exit(128 + 15);
    }
}

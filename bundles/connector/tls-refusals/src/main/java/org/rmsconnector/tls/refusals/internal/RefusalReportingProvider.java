package org.rmsconnector.tls.refusals.internal;

import java.security.Provider;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JCA provider that lets a Jetty listener ask for this bundle's trust managers by algorithm name — the one
 * setting of a running Jetty TLS factory that chooses the trust managers. Each watched listener gets an algorithm of
 * its own ({@code RmsRefusalReporting-1}, …) so its refusals name it; no other code asks for these names, so
 * installing the provider changes nothing for the rest of the JVM.
 */
final class RefusalReportingProvider extends Provider {
    static final String NAME = "RMS-TLS-Refusals";
    static final String ALGORITHM_PREFIX = "RmsRefusalReporting-";
    private static final String TYPE = "TrustManagerFactory";
    private static final long serialVersionUID = 1L;

    private final transient AtomicInteger next = new AtomicInteger();

    RefusalReportingProvider() {
        super(NAME, "1.0", "RMS Connector: trust managers that report refused TLS client certificates");
    }

    /** A new algorithm name whose factories delegate to {@code delegateAlgorithm} and report to the sink. */
    synchronized String register(String listener, String delegateAlgorithm, RefusalSink sink) {
        String algorithm = ALGORITHM_PREFIX + next.incrementAndGet();
        putService(new Service(this, TYPE, algorithm, ReportingTrustManagerFactory.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) {
                // built here, not by reflection from the class name: the JDK cannot see this bundle's classes
                return new ReportingTrustManagerFactory(delegateAlgorithm, listener, sink);
            }
        });
        return algorithm;
    }

    synchronized void unregister(String algorithm) {
        Service service = getService(TYPE, algorithm);
        if (service != null) {
            removeService(service);
        }
    }

    /** Whether no listener uses the provider any more. */
    synchronized boolean unused() {
        return getServices().isEmpty();
    }
}

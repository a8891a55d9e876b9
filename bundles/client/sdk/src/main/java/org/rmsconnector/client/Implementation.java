package org.rmsconnector.client;

import java.util.ServiceLoader;

/** The SDK's {@link RmsClient.Factory}, looked up once, from the jar this API is in. */
final class Implementation {
    static final RmsClient.Factory FACTORY = ServiceLoader.load(RmsClient.Factory.class,
            RmsClient.class.getClassLoader()).findFirst().orElseThrow(() -> new IllegalStateException(
                    "no RmsClient implementation: META-INF/services/" + RmsClient.Factory.class.getName()
                            + " is missing from the SDK's jar"));

    private Implementation() {
    }
}

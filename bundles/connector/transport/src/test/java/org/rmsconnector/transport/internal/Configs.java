package org.rmsconnector.transport.internal;

import java.util.Map;

/**
 * A {@link TransportConfiguration} as DS would deliver it: the annotation's defaults, overridden by name (the
 * method names, e.g. {@code cloud_url}).
 */
public final class Configs {

    private Configs() {
    }

    public static TransportConfiguration config(Map<String, Object> overrides) {
        return org.rmsconnector.testing.Configs.of(TransportConfiguration.class, overrides);
    }

    /** Settings resolved from {@code overrides}, with no framework properties. */
    public static TransportSettings settings(Map<String, Object> overrides) {
        return TransportSettings.from(config(overrides), name -> null);
    }
}

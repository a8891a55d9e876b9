package org.rmsconnector.transport.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link TransportConfiguration} as DS would deliver it: the annotation's defaults, overridden by name (the
 * method names, e.g. {@code cloud_url}).
 */
public final class Configs {

    private Configs() {
    }

    public static TransportConfiguration config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return (TransportConfiguration) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] {TransportConfiguration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return TransportConfiguration.class;
                        case "toString":
                            return "TransportConfiguration" + values;
                        case "hashCode":
                            return values.hashCode();
                        case "equals":
                            return proxy == args[0];
                        default:
                            if (values.containsKey(method.getName())) {
                                return values.get(method.getName());
                            }
                            return method.getDefaultValue();
                    }
                });
    }

    /** Settings resolved from {@code overrides}, with no framework properties. */
    public static TransportSettings settings(Map<String, Object> overrides) {
        return TransportSettings.from(config(overrides), name -> null);
    }
}

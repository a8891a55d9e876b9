package org.rmsconnector.relay.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A {@link RelayConfiguration} the way Declarative Services builds one: each method answers the property its name
 * maps to ({@code max_body_bytes} → {@code max.body.bytes}), or its default.
 */
final class RelayConfigs {
    private RelayConfigs() {
    }

    static RelayConfiguration of(Map<String, ?> properties) {
        return (RelayConfiguration) Proxy.newProxyInstance(RelayConfiguration.class.getClassLoader(),
                new Class<?>[] {RelayConfiguration.class}, (self, method, args) -> switch (method.getName()) {
                    case "annotationType" -> RelayConfiguration.class;
                    case "toString" -> "RelayConfiguration" + properties;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> {
                        String key = method.getName().replace('_', '.');
                        yield properties.containsKey(key) ? properties.get(key) : method.getDefaultValue();
                    }
                });
    }

    static RelayConfiguration defaults() {
        return of(Map.of());
    }
}

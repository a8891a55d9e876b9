package org.rmsconnector.guard.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link GuardConfiguration} with its defaults, some of them overridden (keys are the method names). */
final class GuardConfigs {
    private GuardConfigs() {
    }

    static GuardConfiguration of(Map<String, Object> values) {
        return (GuardConfiguration) Proxy.newProxyInstance(GuardConfiguration.class.getClassLoader(),
                new Class<?>[] {GuardConfiguration.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }
}

package org.rmsconnector.admin.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a configuration annotation the way Declarative Services does: each method answers the property its name
 * maps to ({@code deploy_dir} → {@code deploy.dir}), or its default.
 */
final class Configs {
    private Configs() {
    }

    static AdminConfiguration admin(Map<String, ?> properties) {
        return of(AdminConfiguration.class, properties);
    }

    static <A> A of(Class<A> type, Map<String, ?> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + properties;
                case "hashCode":
                    return System.identityHashCode(self);
                case "equals":
                    return self == args[0];
                default:
                    break;
            }
            String key = method.getName().replace('_', '.');
            return properties.containsKey(key) ? convert(properties.get(key), method) : method.getDefaultValue();
        });
        return type.cast(proxy);
    }

    private static Object convert(Object value, Method method) {
        Class<?> type = method.getReturnType();
        if (type.isArray() && !value.getClass().isArray()) {
            Object array = Array.newInstance(type.getComponentType(), 1);
            Array.set(array, 0, value);
            return array;
        }
        if (type == int.class && value instanceof Number n) {
            return n.intValue();
        }
        return value;
    }
}

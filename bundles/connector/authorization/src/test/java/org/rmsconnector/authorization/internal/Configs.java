package org.rmsconnector.authorization.internal;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a configuration annotation the way Declarative Services does: each method answers the property its name
 * maps to ({@code truststore_path} → {@code truststore.path}, {@code _bind_password} → {@code .bind.password}), or
 * its default.
 */
final class Configs {
    private Configs() {
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
            String key = property(method.getName());
            return properties.containsKey(key) ? convert(properties.get(key), method) : method.getDefaultValue();
        });
        return type.cast(proxy);
    }

    static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }

    static String property(String methodName) {
        return methodName.replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static Object convert(Object value, Method method) {
        Class<?> type = method.getReturnType();
        if (type.isArray()) {
            if (value.getClass().isArray()) {
                return value;
            }
            Object array = Array.newInstance(type.getComponentType(), 1);
            Array.set(array, 0, value);
            return array;
        }
        if (type == long.class && value instanceof Number n) {
            return n.longValue();
        }
        if (type == int.class && value instanceof Number n) {
            return n.intValue();
        }
        return value;
    }
}

package org.rmsconnector.testing;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;

/**
 * A configuration annotation (a DS component property type) built the way Declarative Services builds it: each
 * method answers the property its name maps to ({@code truststore_path} → {@code truststore.path},
 * {@code a__b} → {@code a_b}, {@code a$_$b} → {@code a-b}, {@code $} removed), else its default. A key may also be the method's own name
 * ({@code cloud_url}). Values are converted as DS does for the common cases: a number or a string to the method's
 * primitive type, a single value to a one-element array, a collection to an array.
 */
public final class Configs {

    private Configs() {
    }

    /** The configuration with {@code properties} over the annotation's defaults. */
    public static <A> A of(Class<A> type, Map<String, ?> properties) {
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
            if (properties.containsKey(key)) {
                return convert(properties.get(key), method.getReturnType());
            }
            if (properties.containsKey(method.getName())) {
                return convert(properties.get(method.getName()), method.getReturnType());
            }
            return method.getDefaultValue();
        });
        return type.cast(proxy);
    }

    /** The configuration with nothing set: every method answers its default. */
    public static <A> A defaults(Class<A> type) {
        return of(type, Map.of());
    }

    /** The property a method name stands for, by the DS 1.4 rules (without a PREFIX_). */
    public static String property(String methodName) {
        return methodName.replace("$_$", "-").replace("$$", "\u0001").replace("$", "").replace('\u0001', '$')
                .replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static Object convert(Object value, Class<?> type) {
        if (value == null) {
            return null;
        }
        if (type.isArray()) {
            Class<?> component = type.getComponentType();
            Object[] items = value instanceof Collection<?> c ? c.toArray()
                    : value.getClass().isArray() ? boxed(value) : new Object[] {value};
            Object array = Array.newInstance(component, items.length);
            for (int i = 0; i < items.length; i++) {
                Array.set(array, i, convert(items[i], component));
            }
            return array;
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty() ? null : convert(c.iterator().next(), type);
        }
        String text = value.toString();
        if (type == int.class || type == Integer.class) {
            return value instanceof Number n ? n.intValue() : Integer.parseInt(text.trim());
        }
        if (type == long.class || type == Long.class) {
            return value instanceof Number n ? n.longValue() : Long.parseLong(text.trim());
        }
        if (type == double.class || type == Double.class) {
            return value instanceof Number n ? n.doubleValue() : Double.parseDouble(text.trim());
        }
        if (type == boolean.class || type == Boolean.class) {
            return value instanceof Boolean b ? b : Boolean.parseBoolean(text.trim());
        }
        if (type == String.class) {
            return text;
        }
        if (type.isEnum()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object constant = Enum.valueOf((Class<? extends Enum>) type.asSubclass(Enum.class), text.trim());
            return constant;
        }
        return value;
    }

    private static Object[] boxed(Object array) {
        Object[] items = new Object[Array.getLength(array)];
        for (int i = 0; i < items.length; i++) {
            items[i] = Array.get(array, i);
        }
        return items;
    }
}

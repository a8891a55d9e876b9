package org.rmsconnector.admin.internal;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * Small in-test implementations of framework interfaces: a proxy answers the methods it is given and fails loudly
 * on any other, so a test notices when the code under test starts using something new.
 */
final class Fakes {
    private Fakes() {
    }

    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type}, (self, m, args) -> {
            Function<Object[], Object> answer = answers.get(m.getName());
            if (answer != null) {
                return answer.apply(args);
            }
            return switch (m.getName()) {
                case "toString" -> type.getSimpleName() + "(fake)";
                case "hashCode" -> System.identityHashCode(self);
                case "equals" -> self == args[0];
                default -> throw new UnsupportedOperationException(type.getSimpleName() + "." + m.getName()
                        + " is not faked");
            };
        });
    }

    static Bundle bundle(String symbolicName, String version, int state) {
        return of(Bundle.class, Map.of("getSymbolicName", a -> symbolicName, "getVersion",
                a -> Version.parseVersion(version), "getState", a -> state));
    }

    @SuppressWarnings("unchecked")
    static <S> ServiceReference<S> reference(Bundle bundle, Map<String, Object> properties) {
        return of(ServiceReference.class, Map.of("getBundle", a -> bundle, "getProperty",
                a -> properties.get((String) a[0])));
    }
}

package org.rmsconnector.transport.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The named cloud environments (F10). The reference product offers its commercial and sovereign clouds by name;
 * we know only the one we ship: {@code embedded}, the cloud service inside the standalone distribution. A real
 * deployment chooses {@code custom} and sets {@code cloud.url} to its tenant's service URL (commercial or
 * sovereign): those URLs belong to whoever runs the service, so the operator fills them in.
 */
public final class CloudEnvironments {

    /** The cloud service embedded in the standalone distribution (its own HTTPS listener on loopback). */
    public static final String EMBEDDED = "embedded";
    /** The operator's URL, from {@code cloud.url}. */
    public static final String CUSTOM = "custom";

    private static final Map<String, URI> KNOWN = Map.of(EMBEDDED, URI.create("https://127.0.0.1:8444"));

    private CloudEnvironments() {
    }

    /**
     * The base URL to call: {@code cloudUrl} when set (it overrides any environment), else the environment's.
     *
     * @throws IllegalArgumentException naming the property: an unknown environment, {@code custom} without a URL,
     *         or a URL that is not an absolute https URL without query or fragment
     */
    public static URI resolve(String environment, String cloudUrl) {
        String env = environment == null || environment.isBlank() ? EMBEDDED
                : environment.strip().toLowerCase(Locale.ROOT);
        if (cloudUrl != null && !cloudUrl.isBlank()) {
            if (!env.equals(CUSTOM) && !KNOWN.containsKey(env)) {
                throw unknown(env);
            }
            return parse(cloudUrl.strip());
        }
        if (env.equals(CUSTOM)) {
            throw new IllegalArgumentException("environment=custom needs cloud.url (the cloud service's https URL)");
        }
        URI known = KNOWN.get(env);
        if (known == null) {
            throw unknown(env);
        }
        return known;
    }

    /**
     * The environment's name as administrators see it: {@code custom} when {@code cloudUrl} is set (it overrides
     * any named environment), else the environment, lower case. Call after {@link #resolve} accepted both.
     */
    public static String name(String environment, String cloudUrl) {
        if (cloudUrl != null && !cloudUrl.isBlank()) {
            return CUSTOM;
        }
        return environment == null || environment.isBlank() ? EMBEDDED : environment.strip().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException unknown(String env) {
        Map<String, Object> names = new TreeMap<>(KNOWN);
        names.put(CUSTOM, "cloud.url");
        return new IllegalArgumentException("unknown cloud environment '" + env + "': use one of " + names.keySet()
                + " (a sovereign or commercial cloud is 'custom' with its cloud.url)");
    }

    private static URI parse(String text) {
        URI u;
        try {
            u = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cloud.url is not a URL: " + e.getMessage(), e);
        }
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("cloud.url must be an absolute https URL (TLS 1.2 or newer toward the"
                    + " cloud), got " + text);
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("cloud.url must have no user, query or fragment: " + text);
        }
        return u;
    }
}

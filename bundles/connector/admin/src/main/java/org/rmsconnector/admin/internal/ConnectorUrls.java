package org.rmsconnector.admin.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.rmsconnector.api.admin.AdminException;

/** Checks a connector URL given to the generator and says what an administrator should know about it. */
final class ConnectorUrls {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ConnectorUrls() {
    }

    /**
     * The URL as servers must be given it: absolute http(s), a host, no user, path, query or fragment.
     *
     * @param field the name of the input, for the message
     */
    static URI parse(String text, String field) throws AdminException {
        if (text == null || text.isBlank()) {
            throw invalid(field + ": missing; give the connector's URL as the servers reach it, e.g."
                    + " https://rmsconnector.contoso.com");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (java.net.URISyntaxException e) {
            throw invalid(field + ": '" + text + "' is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw invalid(field + ": '" + text + "' must be an absolute https:// (or http://) URL with a host");
        }
        String path = uri.getRawPath();
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (path != null && !path.isEmpty() && !path.equals("/"))) {
            throw invalid(field + ": '" + text + "' must be scheme, host and port only, without user, path or query");
        }
        try {
            return new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), null, null, null);
        } catch (java.net.URISyntaxException e) {
            throw invalid(field + ": '" + text + "' is not a URL (" + e.getReason() + ")");
        }
    }

    /**
     * @param localNames this node's names (node name, host names), lower case
     * @param loadBalanced the configured load-balanced URL, or {@code null}
     */
    static List<String> warnings(URI connector, Set<String> localNames, URI loadBalanced) {
        List<String> warnings = new ArrayList<>();
        if ("http".equals(connector.getScheme())) {
            warnings.add("the connector URL uses plain HTTP: the servers' requests and the keys they receive cross the"
                    + " network unencrypted, and the connector warns about every account using it; use https://");
        }
        String host = connector.getHost().toLowerCase(Locale.ROOT);
        String single = singleNode(host, localNames);
        if (single != null) {
            warnings.add("the connector URL names " + single + " rather than the load-balanced name: the servers will"
                    + " depend on this one node; use the name the load balancer answers on"
                    + (loadBalanced == null ? " (and set loadBalancedUrl in etc/" + AdminConfiguration.PID + ".cfg)"
                            : " (" + loadBalanced + ")"));
        }
        if (loadBalanced != null && !sameOrigin(connector, loadBalanced)) {
            warnings.add("the connector URL " + connector + " differs from the load-balanced URL configured on this"
                    + " connector, " + loadBalanced + "; use that one unless the servers must reach the connectors"
                    + " another way");
        }
        return warnings;
    }

    private static String singleNode(String host, Set<String> localNames) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return "localhost";
        }
        if (IPV4.matcher(host).matches() || host.startsWith("[") || host.contains(":")) {
            return "an IP address (" + host + ")";
        }
        String shortHost = shortName(host);
        for (String name : localNames) {
            if (host.equals(name) || shortHost.equals(shortName(name))) {
                return "this node (" + host + ")";
            }
        }
        return null;
    }

    static String shortName(String host) {
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static AdminException invalid(String message) {
        return new AdminException(AdminException.Reason.INVALID, message);
    }
}

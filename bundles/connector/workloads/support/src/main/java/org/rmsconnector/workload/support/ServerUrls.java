package org.rmsconnector.workload.support;

import java.net.URI;
import java.util.Locale;

/** The URLs a workload's server configuration is made of: the connector's and the tenant service's. */
public final class ServerUrls {

    private ServerUrls() {
    }

    /**
     * {@code scheme://host[:port]} of an absolute http(s) URL, the scheme kept as given (http stays http), the host
     * in lower case.
     *
     * @param name what the URL is, for the message ({@code connectorUrl}, {@code serviceUrl})
     * @throws IllegalArgumentException for anything else — no scheme or host, another scheme, a path other than
     *                                  {@code /}, a query, a fragment or user info — naming {@code name}
     */
    public static String base(URI url, String name) {
        String scheme = url == null || url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("https".equals(scheme) || "http".equals(scheme))) {
            throw new IllegalArgumentException(name + ": expected an absolute http(s) URL such as"
                    + " https://rmsconnector.contoso.com, got " + url);
        }
        String path = url.getRawPath();
        if (path != null && !path.isEmpty() && !"/".equals(path) || url.getRawQuery() != null
                || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(name + ": give scheme, host and port only (the paths under /_wmcs"
                    + " are fixed), got " + url);
        }
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}

package org.rmsconnector.transport.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Properties;

/**
 * The outbound web proxy (F9): all cloud traffic goes through it, as an HTTP CONNECT tunnel for TLS, so the proxy
 * sees host and port but never the content. A proxy that asks for a password gets Basic credentials, and only
 * the proxy gets them: they travel as {@code Proxy-Authorization} on the CONNECT that opens the tunnel, never
 * through it to the cloud (see {@link CloudHttp}).
 *
 * <p>The JDK refuses Basic for HTTPS tunnels unless the JVM was started with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=} (its {@code net.properties} disables it by default, and
 * {@code java.net.http} reads the value once, when it is first used). {@link #checkTunnellingAllowsBasic} refuses
 * a configuration with proxy credentials in a JVM that would never send them.
 *
 * @param host     the proxy's host name or address
 * @param port     its port
 * @param user     the proxy user, or null for an open proxy
 * @param password the proxy password (empty without a user)
 */
public record ProxySettings(String host, int port, String user, char[] password) {

    /** The JDK property listing the authentication schemes it refuses for HTTPS tunnels. */
    public static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    /** @return the proxy, or null when {@code host} is empty (connect directly) */
    public static ProxySettings of(String host, int port, String user, String password) {
        if (host == null || host.isBlank()) {
            if (user != null && !user.isBlank()) {
                throw new IllegalArgumentException(TransportSettings.PID + ": proxy.user is set but proxy.host is"
                        + " not");
            }
            return null;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(TransportSettings.PID + ": proxy.port must be 1 to 65535, got " + port);
        }
        boolean auth = user != null && !user.isBlank();
        if (auth && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException(TransportSettings.PID + ": proxy.user needs .proxy.password");
        }
        return new ProxySettings(host.strip(), port, auth ? user.strip() : null,
                auth ? password.toCharArray() : new char[0]);
    }

    public boolean authenticated() {
        return user != null;
    }

    public ProxySelector selector() {
        return ProxySelector.of(new InetSocketAddress(host, port));
    }

    /**
     * The {@code Proxy-Authorization} value (Basic), or null for an open proxy. See {@link CloudHttp} for why a
     * header and not an {@link java.net.Authenticator}.
     */
    public String authorizationHeader() {
        return authenticated() ? CloudHttp.basic(user, password) : null;
    }

    /**
     * Refuses proxy credentials the JDK would not send.
     *
     * @param disabledSchemes the effective value of {@value #TUNNELING_DISABLED_SCHEMES} ({@link #effectiveDisabledSchemes()})
     * @throws IllegalStateException saying which JVM option to set
     */
    public void checkTunnellingAllowsBasic(String disabledSchemes) {
        if (!authenticated() || disabledSchemes == null) {
            return;
        }
        for (String scheme : disabledSchemes.split(",")) {
            if (scheme.strip().toLowerCase(Locale.ROOT).equals("basic")) {
                throw new IllegalStateException(TransportSettings.PID + ": proxy.user is set, but this JVM refuses"
                        + " Basic authentication for HTTPS proxy tunnels (" + TUNNELING_DISABLED_SCHEMES + "="
                        + disabledSchemes + "); start it with -D" + TUNNELING_DISABLED_SCHEMES + "= (empty), e.g. in"
                        + " RMS_JAVA_OPTS");
            }
        }
    }

    /**
     * The value the JDK's HTTP client uses: the system property when set, else {@code $JAVA_HOME/conf/net.properties}.
     */
    public static String effectiveDisabledSchemes() {
        String set = System.getProperty(TUNNELING_DISABLED_SCHEMES);
        if (set != null) {
            return set;
        }
        Path net = Paths.get(System.getProperty("java.home"), "conf", "net.properties");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(net)) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        return p.getProperty(TUNNELING_DISABLED_SCHEMES);
    }

    @Override
    public String toString() {
        return host + ":" + port + (authenticated() ? " as " + user : "");
    }
}

package org.rmsconnector.transport.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one HTTP client toward the cloud, the cloud's base URL, and what every request to it carries for the proxy.
 *
 * <p>Proxy credentials travel as a {@code Proxy-Authorization} header on each request, which the JDK puts on the
 * CONNECT that opens the tunnel (and never sends through it). A {@link java.net.Authenticator} would be the obvious
 * way, but with one installed the JDK also consults it for the cloud's own {@code 401} challenges, and when it
 * answers nothing there the JDK fails the exchange with "No credentials provided" instead of returning the
 * {@code 401}: the relay would never see the cloud refuse an assertion, and the breaker would count refusals as
 * outages. Either way the JDK sends Basic to a tunnelling proxy only with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=} (see {@link ProxySettings}).
 */
public final class CloudHttp {

    /** The proxy refused the credentials, or needs some: a configuration problem, never the cloud's answer. */
    public static final int PROXY_AUTHENTICATION_REQUIRED = 407;

    private final HttpClient client;
    private final URI base;
    private final String proxyAuthorization;

    /**
     * @param proxyAuthorization the {@code Proxy-Authorization} value, or null without proxy credentials
     */
    public CloudHttp(HttpClient client, URI base, String proxyAuthorization) {
        this.client = client;
        this.base = base;
        this.proxyAuthorization = proxyAuthorization;
    }

    public HttpClient client() {
        return client;
    }

    public URI base() {
        return base;
    }

    /** A request to {@code <base><pathAndQuery>}, with the proxy's credentials when there are any. */
    public HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        if (proxyAuthorization != null) {
            b.header("Proxy-Authorization", proxyAuthorization);
        }
        return b;
    }

    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    public static String describe(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (t instanceof HttpTimeoutException) {
            return "timed out waiting for the answer";
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof IOException && t.getMessage() != null) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        return t.toString();
    }

    @Override
    public String toString() {
        return "CloudHttp[" + base + (proxyAuthorization != null ? ", proxy credentials" : "") + "]";
    }

    /** An HTTP Basic {@code Authorization} value; the intermediate copies of the password are wiped. */
    public static String basic(String user, char[] password) {
        CharBuffer chars = CharBuffer.allocate(user.length() + 1 + password.length);
        chars.put(user).put(':').put(password).flip();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(chars);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        try {
            return "Basic " + Base64.getEncoder().encodeToString(raw);
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(chars.array(), '\0');
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
        }
    }
}

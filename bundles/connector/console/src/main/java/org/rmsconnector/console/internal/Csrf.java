package org.rmsconnector.console.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Request-forgery protection for the plugins' forms, without server-side state. The token is an HMAC-SHA256 of the
 * console user's name under a key drawn when the plugin is activated, so it is valid for that user until the plugin
 * restarts. The same key signs the outcome message a POST hands to the page it redirects to.
 */
final class Csrf {
    /** The hidden form field carrying the token. */
    static final String FIELD = "csrf";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    Csrf(byte[] key) {
        this.key = key.clone();
    }

    /** A fresh 256-bit key: what each plugin activation uses. */
    static Csrf withRandomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new Csrf(key);
    }

    /** The token the forms of this request's user carry. */
    String token(HttpServletRequest req) {
        return mac("csrf", user(req));
    }

    /**
     * Why this POST must be refused, for the administrator, or {@code null} when it may go ahead: its Origin (or,
     * without one, its Referer) names another host, or the token is missing or wrong.
     */
    String refusal(HttpServletRequest req, String submittedToken) {
        String foreign = foreignOrigin(req);
        if (foreign != null) {
            return foreign;
        }
        if (submittedToken == null || submittedToken.isEmpty()) {
            return "The form carries no security token. Nothing was changed. Reload the page and try again.";
        }
        if (!constantTimeEquals(token(req), submittedToken)) {
            return "The form's security token is not valid for you (the page was loaded before the console plugin "
                    + "restarted, or the request did not come from this console). Nothing was changed. Reload the "
                    + "page and try again.";
        }
        return null;
    }

    /** A signature binding these values to this request's user. */
    String sign(HttpServletRequest req, String... values) {
        String[] parts = new String[values.length + 2];
        parts[0] = "outcome";
        parts[1] = user(req);
        System.arraycopy(values, 0, parts, 2, values.length);
        return mac(parts);
    }

    boolean verify(HttpServletRequest req, String signature, String... values) {
        return signature != null && constantTimeEquals(sign(req, values), signature);
    }

    /**
     * The console user: the remote user the console's security provider set, else the user of a Basic
     * Authorization header, else the empty string (a console without authentication).
     */
    static String user(HttpServletRequest req) {
        String remote = req.getRemoteUser();
        if (remote != null) {
            return remote;
        }
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException notBase64) {
                return "";
            }
        }
        return "";
    }

    /** Why the request's Origin or Referer is not this host, or {@code null} when it is or neither is sent. */
    static String foreignOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        String header = origin != null ? "Origin" : "Referer";
        String source = origin != null ? origin : req.getHeader("Referer");
        if (source == null) {
            return null; // older clients and privacy settings send neither: the token alone decides
        }
        URI from;
        try {
            from = new URI(source.trim());
        } catch (URISyntaxException e) {
            return refusedFrom(header, source);
        }
        if (from.getHost() == null || from.getScheme() == null) {
            return refusedFrom(header, source);
        }
        URI self = hostOf(req, from.getScheme());
        if (self == null || !from.getHost().equalsIgnoreCase(self.getHost()) || port(from) != port(self)) {
            return refusedFrom(header, source);
        }
        return null;
    }

    private static String refusedFrom(String header, String value) {
        return "The request came from another site (" + header + ": " + value + "), not from this console. "
                + "Nothing was changed.";
    }

    /** The host the browser addressed, with the scheme of the page it came from for the default port. */
    private static URI hostOf(HttpServletRequest req, String scheme) {
        String host = req.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = req.getServerName() + ":" + req.getServerPort();
        }
        try {
            URI uri = new URI(scheme.toLowerCase(Locale.ROOT) + "://" + host.trim());
            return uri.getHost() == null ? null : uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The MAC of the values, each framed by its length so that ("ab", "c") and ("a", "bc") differ. */
    private String mac(String... values) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            for (String v : values) {
                byte[] bytes = (v == null ? "" : v).getBytes(StandardCharsets.UTF_8);
                mac.update((byte) 0);
                mac.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                mac.update((byte) 0);
                mac.update(bytes);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
        }
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}

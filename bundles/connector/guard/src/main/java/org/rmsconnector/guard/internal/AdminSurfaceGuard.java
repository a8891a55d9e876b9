package org.rmsconnector.guard.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.commons.NodeName;

/**
 * In front of every servlet context of every HTTP runtime (a preprocessor runs before the console's own context and
 * security), for the guarded paths (the Web Console, the admin API):
 * <ol>
 * <li>the anti-framing, no-sniff and referrer headers on every answer;</li>
 * <li>plain HTTP refused with 403 (but for the open paths, read-only): the administrator's password must never
 * cross the network in clear, and a refusal before any challenge means a browser never offers it;</li>
 * <li>a change (any method but GET, HEAD, OPTIONS) refused with 403 unless the browser says it comes from this very
 * origin: {@code Origin}, or when absent {@code Referer}, must name the scheme, host and port the request was sent
 * to; {@code Sec-Fetch-Site: cross-site} is refused outright. A console change with neither header is refused too
 * (every browser sends {@code Origin} on a POST); an admin API change with neither is let through, as API clients
 * send none and the API itself requires {@code X-Requested-By}, which no cross-site form can set.</li>
 * </ol>
 * Nothing is changed by a refused request: it never reaches the console or the API.
 */
@Component(service = Preprocessor.class, configurationPid = GuardConfiguration.PID)
public class AdminSurfaceGuard implements Preprocessor {
    static final Map<String, String> HEADERS = Map.of(
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "same-origin");
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final String API = "/admin/api";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin eventAdmin;

    private final GuardEvents events;
    private volatile List<String> guarded;
    private volatile List<String> open;

    @Activate
    public AdminSurfaceGuard(BundleContext context, GuardConfiguration config) {
        this(config, context.getProperty(NodeName.PROPERTY));
    }

    AdminSurfaceGuard(GuardConfiguration config, String node) {
        this.events = new GuardEvents(() -> eventAdmin, node);
        modified(config);
    }

    @Modified
    void modified(GuardConfiguration config) {
        this.guarded = List.of(config.guarded_paths());
        this.open = List.of(config.open_paths());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) resp;
        String path = path(request);
        if (!under(path, guarded)) {
            chain.doFilter(req, resp);
            return;
        }
        HEADERS.forEach(response::setHeader);
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        boolean safe = SAFE.contains(method);
        if (safe && under(path, open)) {
            chain.doFilter(req, resp);
            return;
        }
        if (!request.isSecure()) {
            refuse(response, path, "https_required", "the administration surface answers on HTTPS only, so the"
                    + " administrator's password never crosses the network in clear; use https:// and the HTTPS port");
            return;
        }
        if (!safe) {
            String why = crossSite(request, path.startsWith(API));
            if (why != null) {
                events.post(ConnectorEvent.CROSS_SITE_REFUSED, "refused a cross-site " + method + " " + path + ": "
                        + why, Map.of("source", String.valueOf(request.getRemoteAddr()), "path", path,
                                "origin", String.valueOf(request.getHeader("Origin"))));
                refuse(response, path, "cross_site", "refused: " + why + ". Changes to the console and the admin API"
                        + " must come from its own pages (or, for the API, from a client such as rmsctl)");
                return;
            }
        }
        chain.doFilter(req, resp);
    }

    /** Why the change looks cross-site, or {@code null} when it comes from this origin. */
    static String crossSite(HttpServletRequest request, boolean api) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && fetchSite.equalsIgnoreCase("cross-site")) {
            return "the browser says the request comes from another site (Sec-Fetch-Site: cross-site)";
        }
        String own = origin(request.getScheme() + "://" + request.getHeader("Host"));
        if (own == null) {
            return "the request names no valid Host";
        }
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return own.equals(origin(origin)) ? null : "Origin " + origin + " is not " + own;
        }
        String referer = request.getHeader("Referer");
        if (referer != null) {
            return own.equals(origin(referer)) ? null : "Referer " + origin(referer) + " is not " + own;
        }
        return api ? null : "a change needs an Origin or Referer header naming " + own;
    }

    /** scheme://host[:port] in canonical form (lower case, default port left out), or {@code null} if unparsable. */
    static String origin(String url) {
        if (url == null || url.equals("null")) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if (port == ("https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1)) {
                port = -1;
            }
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The request path, decoded and normalized, so that {@code /system/%63onsole} or {@code /a/../system} match. */
    static String path(HttpServletRequest request) {
        String raw = request.getRequestURI();
        if (raw == null) {
            return "/";
        }
        String decoded;
        try {
            decoded = java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = raw; // a malformed escape: match the raw path (Jetty refuses such a URI anyway)
        }
        // collapse repeated slashes first, as Jetty does when it maps the path ("//x" would read as a host)
        String collapsed = decoded.replaceAll("/{2,}", "/");
        return URI.create("/").resolve(encodeForUri(collapsed)).normalize().getPath();
    }

    private static String encodeForUri(String path) {
        StringBuilder b = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (c == '/' || c == '.' || c == '-' || c == '_' || Character.isLetterOrDigit(c) && c < 128) {
                b.append(c);
            } else {
                for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    b.append('%').append(String.format("%02X", x & 0xff));
                }
            }
        }
        return b.charAt(0) == '/' ? b.toString() : "/" + b;
    }

    private static boolean under(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(HttpServletResponse response, String path, String code, String message)
            throws IOException {
        response.setStatus(403);
        // the request's body is left unread: Jetty closes the connection after the answer, so say so, or a client
        // that pools connections sends its next request into a closing socket
        response.setHeader("Connection", "close");
        byte[] body;
        if (path.startsWith(API)) {
            response.setContentType("application/json; charset=utf-8");
            body = ("{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"}").getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("text/plain; charset=utf-8");
            body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public void init(jakarta.servlet.FilterConfig filterConfig) {
        // nothing to set up: the configuration comes from the component
    }

    @Override
    public void destroy() {
        // nothing held
    }
}

package org.rmsconnector.guard.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class AdminSurfaceGuardTest {
    private final AdminSurfaceGuard guard = new AdminSurfaceGuard(GuardConfigs.of(Map.of()), "node-1");

    /** What one request through the guard did. */
    private static final class Run {
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final AtomicBoolean passed = new AtomicBoolean();
        int status = 200;
    }

    private Run run(String method, String scheme, String uri, Map<String, String> headers) throws Exception {
        Run run = new Run();
        Map<String, String> h = new HashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(), v));
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getScheme" -> scheme;
                    case "isSecure" -> "https".equals(scheme);
                    case "getRequestURI" -> uri;
                    case "getHeader" -> h.get(((String) a[0]).toLowerCase());
                    case "getRemoteAddr" -> "10.0.0.66";
                    default -> null;
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener writeListener) {
            }

            @Override
            public void write(int b) {
                run.body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setHeader" -> run.headers.put((String) a[0], (String) a[1]);
                        case "setStatus" -> run.status = (Integer) a[0];
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        FilterChain chain = (q, r) -> run.passed.set(true);
        guard.doFilter(request, response, chain);
        return run;
    }

    private static final Map<String, String> HOST = Map.of("Host", "localhost:8443");

    @Test
    void aCrossSitePostToTheConsoleIsRefusedBeforeItReachesIt() throws Exception {
        Run r = run("POST", "https", "/system/console/bundles", Map.of("Host", "localhost:8443",
                "Origin", "https://evil.example", "Referer", "https://evil.example/"));
        assertEquals(403, r.status);
        assertTrue(!r.passed.get());
        assertTrue(r.body.toString(StandardCharsets.UTF_8).contains("https://evil.example"));
        assertEquals("DENY", r.headers.get("X-Frame-Options"));
    }

    @Test
    void aSameOriginPostPassesWithTheHeaders() throws Exception {
        Run r = run("POST", "https", "/system/console/bundles/org.rmsconnector.fci", Map.of("Host",
                "LOCALHOST:8443", "Origin", "https://localhost:8443"));
        assertTrue(r.passed.get());
        assertEquals("frame-ancestors 'none'", r.headers.get("Content-Security-Policy"));
        assertEquals("nosniff", r.headers.get("X-Content-Type-Options"));
        assertEquals("same-origin", r.headers.get("Referrer-Policy"));
        Run viaReferer = run("POST", "https", "/system/console/bundles", Map.of("Host", "rms.contoso.com",
                "Referer", "https://rms.contoso.com:443/system/console/bundles"));
        assertTrue(viaReferer.passed.get(), "the default port is the same origin");
    }

    @Test
    void aConsoleChangeWithNeitherOriginNorRefererIsRefusedAnApiChangeIsNot() throws Exception {
        assertEquals(403, run("POST", "https", "/system/console/bundles", HOST).status);
        assertTrue(run("POST", "https", "/admin/api/workloads/fci/disable", HOST).passed.get(),
                "the API requires X-Requested-By itself");
        Run api = run("POST", "https", "/admin/api/workloads/fci/disable", Map.of("Host", "localhost:8443",
                "Origin", "null"));
        assertEquals(403, api.status, "an opaque origin is another origin");
        assertTrue(api.body.toString(StandardCharsets.UTF_8).startsWith("{\"error\":\"cross_site\""));
    }

    @Test
    void secFetchSiteCrossSiteIsRefusedEvenWithAForgedLookingReferer() throws Exception {
        assertEquals(403, run("POST", "https", "/system/console/bundles", Map.of("Host", "localhost:8443",
                "Referer", "https://localhost:8443/", "Sec-Fetch-Site", "cross-site")).status);
    }

    @Test
    void plainHttpIsRefusedButForTheOpenReadOnlyPaths() throws Exception {
        Run console = run("GET", "http", "/system/console/bundles.json", Map.of("Host", "localhost:8080"));
        assertEquals(403, console.status);
        assertTrue(!console.passed.get());
        assertEquals(403, run("GET", "http", "/admin/api/status", HOST).status);
        assertTrue(run("GET", "http", "/admin/api/server-configuration", HOST).passed.get());
        assertEquals(403, run("POST", "http", "/admin/api/server-configuration", HOST).status);
    }

    @Test
    void encodedOrDottedPathsAreStillGuardedAndOtherPathsAreLeftAlone() throws Exception {
        assertEquals(403, run("GET", "http", "/system/%63onsole/bundles", HOST).status);
        assertEquals(403, run("GET", "http", "/_wmcs/../system/console", HOST).status);
        assertEquals(403, run("GET", "http", "//system//console", HOST).status);
        Run relay = run("POST", "http", "/_wmcs/licensing/license.asmx", HOST);
        assertTrue(relay.passed.get());
        assertNull(relay.headers.get("X-Frame-Options"));
        assertTrue(run("GET", "http", "/system/consoleX", HOST).passed.get());
    }

    @Test
    void originsAreCompared() {
        assertEquals("https://a.example", AdminSurfaceGuard.origin("HTTPS://A.example:443/x"));
        assertEquals("http://a.example:8080", AdminSurfaceGuard.origin("http://a.example:8080"));
        assertNull(AdminSurfaceGuard.origin("null"));
        assertNull(AdminSurfaceGuard.origin("not a url"));
    }
}

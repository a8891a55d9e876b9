package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class HeaderSizeLimitTest {

    private final HeaderSizeLimit limit = new HeaderSizeLimit();
    private final Map<String, Object> answered = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean passedOn;

    @Test
    void aSmallHeaderGoesOn() throws Exception {
        limit.doFilter(request(Map.of("Host", List.of("localhost"), "X-Small", List.of("a".repeat(1000)))),
                response(), (req, resp) -> passedOn = true);
        assertTrue(passedOn);
        assertTrue(answered.isEmpty());
    }

    @Test
    void a70KilobyteHeaderGets431InTheRelaysErrorShape() throws Exception {
        limit.doFilter(request(Map.of("X-Big", List.of("a".repeat(70_000)), "X-Request-Id", List.of("probe-1"))),
                response(), (req, resp) -> passedOn = true);
        assertFalse(passedOn, "no servlet runs");
        assertEquals(431, answered.get("status"));
        assertEquals("probe-1", answered.get("X-Request-Id"));
        String json = body.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"error\":\"header_too_large\",\"message\":\"the request's header fields take "
                + "70032 bytes; this connector accepts at most 16384"), json);
        assertTrue(json.endsWith("\"requestId\":\"probe-1\"}"), json);
    }

    @Test
    void manyFieldsCountTogether() throws Exception {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            headers.put("X-Field-" + i, List.of("a".repeat(1000)));
        }
        limit.doFilter(request(headers), response(), (req, resp) -> passedOn = true);
        assertEquals(431, answered.get("status"));
    }

    @Test
    void theLimitIsInclusive() throws Exception {
        int value = HeaderSizeLimit.MAX_HEADER_BYTES - "X-Exact: \r\n".length();
        limit.doFilter(request(Map.of("X-Exact", List.of("a".repeat(value)))), response(),
                (req, resp) -> passedOn = true);
        assertTrue(passedOn);
    }

    private static HttpServletRequest request(Map<String, List<String>> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault((String) args[0], List.of()));
                    case "getHeader" -> headers.getOrDefault((String) args[0], List.of()).stream().findFirst()
                            .orElse(null);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> answered.put("status", args[0]);
                        case "setContentType" -> answered.put("Content-Type", args[0]);
                        case "setHeader" -> answered.put((String) args[0], args[1]);
                        case "setContentLength" -> answered.put("Content-Length", args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }
}

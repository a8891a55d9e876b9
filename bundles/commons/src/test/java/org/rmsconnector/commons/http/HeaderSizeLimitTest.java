package org.rmsconnector.commons.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

class HeaderSizeLimitTest {
    private final Map<String, Object> refused = new HashMap<>();
    private final Map<String, String> headersSet = new HashMap<>();
    private boolean passedOn;
    private final HeaderSizeLimit limit = new HeaderSizeLimit() {
        @Override
        protected void refuse(HttpServletResponse response, long headerBytes, String requestId) {
            refused.put("size", headerBytes);
            refused.put("id", requestId);
        }
    };

    @Test
    void countsNameColonSpaceValueCrlfPerValue() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost"));
        headers.put("Accept", List.of("a", "bb"));
        assertEquals(4 + 2 + 9 + 2 + (6 + 2 + 1 + 2) + (6 + 2 + 2 + 2), HeaderSizeLimit.headerBytes(request(headers)));
    }

    @Test
    void atTheLimitPassesOnePastIsRefusedWithTheCallersRequestId() throws Exception {
        String exact = "a".repeat(HeaderSizeLimit.MAX_HEADER_BYTES - "X-Big".length() - 4);
        limit.doFilter(request(Map.of("X-Big", List.of(exact))), response(), (q, r) -> passedOn = true);
        assertTrue(passedOn);
        assertTrue(refused.isEmpty());
        passedOn = false;
        Map<String, List<String>> big = new LinkedHashMap<>();
        big.put("X-Big", List.of(exact + "a"));
        big.put("X-Request-Id", List.of("probe-1"));
        limit.doFilter(request(big), response(), (q, r) -> passedOn = true);
        assertFalse(passedOn);
        assertEquals("probe-1", refused.get("id"));
        assertEquals("probe-1", headersSet.get("X-Request-Id"));
        assertNotNull(refused.get("size"));
    }

    private static HttpServletRequest request(Map<String, List<String>> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(HeaderSizeLimitTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (self, method, args) -> switch (method.getName()) {
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(headers.getOrDefault(args[0], List.of()));
                    case "getHeader" -> headers.containsKey(args[0]) ? headers.get(args[0]).get(0) : null;
                    default -> null;
                });
    }

    private HttpServletResponse response() {
        return (HttpServletResponse) Proxy.newProxyInstance(HeaderSizeLimitTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (self, method, args) -> {
                    if (method.getName().equals("setHeader")) {
                        headersSet.put((String) args[0], (String) args[1]);
                    }
                    return null;
                });
    }
}

package org.rmsconnector.cloud.service.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CloudHeaderSizeLimitTest {

    private final CloudHeaderSizeLimit limit = new CloudHeaderSizeLimit();
    private final FakeHttp.Recorded answer = new FakeHttp.Recorded();
    private boolean passedOn;

    @Test
    void aSmallHeaderGoesOn() throws Exception {
        limit.doFilter(FakeHttp.request(Map.of("Authorization", List.of("Basic " + "a".repeat(2000))), new byte[0]),
                answer.response(), (req, resp) -> passedOn = true);
        assertTrue(passedOn);
        assertTrue(answer.set.isEmpty());
    }

    @Test
    void a70KilobyteHeaderGets431InTheServicesErrorShape() throws Exception {
        limit.doFilter(FakeHttp.request(Map.of("X-Big", List.of("a".repeat(70_000)), "X-Request-Id",
                List.of("probe-2")), new byte[0]), answer.response(), (req, resp) -> passedOn = true);
        assertFalse(passedOn, "no servlet runs");
        assertEquals(431, answer.set.get("status"));
        assertEquals("probe-2", answer.set.get("X-Request-Id"));
        String json = answer.body.toString(StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"code\":\"header_too_large\",\"message\":\"the request's header fields take 70032"
                + " bytes; this service accepts at most 16384\""), json);
        assertTrue(json.contains("\"requestId\":\"probe-2\""), json);
    }
}

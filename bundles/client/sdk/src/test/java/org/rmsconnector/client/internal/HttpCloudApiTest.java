package org.rmsconnector.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.FakeCloud;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.TestSupport;
import org.rmsconnector.protocol.TemplateSummary;

/** The HTTP side: headers sent, answers read, every failure mapped to a code and an actionable message. */
class HttpCloudApiTest {

    FakeCloud cloud;
    @TempDir
    Path homes;

    @BeforeEach
    void start() throws IOException {
        cloud = FakeCloud.start();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void listsTemplatesAndDeclaresTheWorkload() throws Exception {
        try (RmsClient c = RmsClient.create(TestSupport.config(cloud, "alice@contoso.com", homes)
                .workload("sharepoint").build())) {
            List<TemplateSummary> t = c.templates();
            assertEquals(FakeCloud.TEMPLATE_ID, t.get(0).id());
            assertTrue(t.get(0).forApplications());
        }
        assertEquals(List.of("sharepoint"), cloud.workloadHeaders());
    }

    @Test
    void wrongPasswordIsUnauthenticated() throws Exception {
        ClientConfig c = ClientConfig.builder(cloud.uri()).user("alice@contoso.com", "nope".toCharArray())
                .home(homes.resolve("a")).build();
        try (RmsClient client = RmsClient.create(c)) {
            RmsClientException e = assertThrows(RmsClientException.class, client::templates);
            assertEquals(RmsClientException.UNAUTHENTICATED, e.code());
            assertEquals(401, e.httpStatus());
            assertTrue(e.getMessage().contains("Check the user name and password"), e.getMessage());
        }
    }

    @Test
    void nobodyListeningIsServiceUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ClientConfig c = ClientConfig.builder(URI.create("http://127.0.0.1:" + port)).home(homes.resolve("x"))
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (RmsClient client = RmsClient.create(c)) {
            RmsClientException e = assertThrows(RmsClientException.class, client::serverInfo);
            assertEquals(RmsClientException.SERVICE_UNAVAILABLE, e.code());
            assertTrue(e.retryAfter().isEmpty());
            assertTrue(e.getMessage().contains("cannot reach the service"), e.getMessage());
        }
    }

    @Test
    void anAnswerThatIsNotTheProtocolIsABadResponse() throws Exception {
        cloud.fail(new FakeCloud.Failure("server.asmx", 200, "<html>login page</html>", Map.of()));
        try (RmsClient client = RmsClient.create(TestSupport.config(cloud, "alice@contoso.com", homes).build())) {
            RmsClientException e = assertThrows(RmsClientException.class, client::serverInfo);
            assertEquals(RmsClientException.BAD_RESPONSE, e.code());
        }
    }

    @Test
    void errorBodiesOfTheServiceAndOfTheRelayAreBothUnderstood() {
        RmsClientException service = HttpCloudApi.ServiceErrors.fromAnswer(400,
                "{\"code\":\"UNKNOWN_TEMPLATE\",\"message\":\"no template x\",\"requestId\":\"r9\"}", null, "hdr",
                "publishing", "https://rms");
        assertEquals("UNKNOWN_TEMPLATE", service.code());
        assertEquals("r9", service.requestId().orElseThrow());
        assertTrue(service.getMessage().contains("no template x"));

        RmsClientException relay = HttpCloudApi.ServiceErrors.fromAnswer(503,
                "{\"error\":\"workload_unavailable\",\"message\":\"the fci workload is not available\","
                        + "\"workload\":\"fci\",\"requestId\":\"r10\"}", "5", "hdr", "publishing", "https://rms");
        assertEquals(RmsClientException.SERVICE_UNAVAILABLE, relay.code());
        assertEquals("workload_unavailable", relay.serviceCode().orElseThrow());
        assertEquals(Duration.ofSeconds(5), relay.retryAfter().orElseThrow());

        RmsClientException html = HttpCloudApi.ServiceErrors.fromAnswer(502, "<html>bad gateway</html>", null,
                "hdr", "publishing", "https://rms");
        assertEquals(RmsClientException.SERVICE_ERROR, html.code());
        assertEquals("hdr", html.requestId().orElseThrow(), "the X-Request-Id header when the body has none");

        RmsClientException forbidden = HttpCloudApi.ServiceErrors.fromAnswer(403, "", null, null, "x", "https://rms");
        assertEquals(RmsClientException.ACCESS_DENIED, forbidden.code());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertEquals(Duration.ofSeconds(120), HttpCloudApi.ServiceErrors.parseRetryAfter("120"));
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(65));
        Duration d = HttpCloudApi.ServiceErrors.parseRetryAfter(inAMinute);
        assertTrue(d.toSeconds() >= 55 && d.toSeconds() <= 65, d.toString());
        assertNull(HttpCloudApi.ServiceErrors.parseRetryAfter("soon"));
        assertNull(HttpCloudApi.ServiceErrors.parseRetryAfter(null));
        assertNull(HttpCloudApi.ServiceErrors.parseRetryAfter("-3"));
    }
}

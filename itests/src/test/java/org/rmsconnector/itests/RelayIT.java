package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** The relay as the connector feature boots it: verification page, health, the 503 for absent workloads, SCR control. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RelayIT extends ConnectorTestSupport {

    private static final String VERIFY = "/_wmcs/certification/servercertification.asmx";

    @Inject
    private ServiceComponentRuntime scr;

    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() throws Exception {
        return connectorConfiguration("relay");
    }

    @Test
    public void verificationPageAnswersOverHttps() throws Exception {
        HttpClient client = client();
        HttpResponse<String> page = awaitResponse(client, HttpRequest.newBuilder(https(VERIFY)).build(),
                r -> r.statusCode() == 200, DEADLINE);
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body(), page.body().contains("RMS Connector"));
        String version = bundleVersion("org.rmsconnector.relay");
        assertTrue("names the version " + version + ": " + page.body(), page.body().contains(version));
        assertEquals("HTTPS request", "https", page.uri().getScheme());
    }

    @Test
    public void healthAnswersForTheLoadBalancer() throws Exception {
        HttpResponse<String> health = awaitResponse(client(), HttpRequest.newBuilder(https("/health")).build(),
                r -> r.body().contains("RMS authorization"), DEADLINE);
        assertTrue(health.body(), health.body().contains("\"name\":\"RMS workloads\""));
        // 503 exactly when a check is critical (e.g. no authorized-servers list yet), so the load balancer takes the
        // node out; 200 otherwise
        boolean critical = health.body().startsWith("{\"status\":\"CRITICAL\"")
                || health.body().startsWith("{\"status\":\"HEALTH_CHECK_ERROR\"");
        assertEquals(health.body(), critical ? 503 : 200, health.statusCode());
    }

    @Test
    public void anOperationForAnAbsentWorkloadGets503NamingIt() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(https("/_wmcs/licensing/license.asmx"))
                .header("X-RMS-Workload", "sharepoint").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> answer = awaitResponse(client(), request, r -> r.statusCode() != 404, DEADLINE);
        assertEquals(answer.body(), 503, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains("\"workload\":\"sharepoint\""));
        assertTrue(answer.body(), answer.body().contains("\"error\":\"workload_unavailable\""));
        assertTrue(answer.headers().firstValue("Retry-After").isPresent());
        assertTrue(answer.headers().firstValue("X-Request-Id").isPresent());
    }

    @Test
    public void badRequestsGetClearErrors() throws Exception {
        HttpClient client = client();
        awaitResponse(client, HttpRequest.newBuilder(https(VERIFY)).build(), r -> r.statusCode() == 200, DEADLINE);
        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(https("/_wmcs/licensing/nothing.asmx"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("unknown_endpoint"));
        HttpResponse<String> get = get(client, https("/_wmcs/licensing/license.asmx"));
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> delete = client.send(HttpRequest.newBuilder(https("/_wmcs/licensing/templatedistribution.asmx"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, delete.statusCode());
        assertEquals("GET, POST", delete.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> badWorkload = client.send(HttpRequest.newBuilder(https("/_wmcs/licensing/license.asmx"))
                .header("X-RMS-Workload", "<script>").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, badWorkload.statusCode());
        assertTrue(badWorkload.body(), !badWorkload.body().contains("<script>"));
    }

    @Test
    public void disablingTheRelayComponentRemovesTheEndpointsAndEnablingBringsThemBack() throws Exception {
        HttpClient client = client();
        HttpRequest verify = HttpRequest.newBuilder(https(VERIFY)).timeout(Duration.ofSeconds(5)).build();
        awaitResponse(client, verify, r -> r.statusCode() == 200, DEADLINE);
        ComponentDescriptionDTO relay = scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.equals("org.rmsconnector.relay.internal.RelayServlet")).findFirst()
                .orElseThrow(() -> new AssertionError("the relay component is not known to SCR"));
        try {
            scr.disableComponent(relay).getValue();
            assertEquals(false, scr.isComponentEnabled(relay));
            awaitResponse(client, verify, r -> r.statusCode() == 404, DEADLINE);
        } finally {
            scr.enableComponent(relay).getValue();
        }
        HttpResponse<String> back = awaitResponse(client, verify, r -> r.statusCode() == 200, DEADLINE);
        assertTrue(back.body().contains("RMS Connector"));
    }

    private String bundleVersion(String symbolicName) {
        for (var bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle.getVersion().toString();
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}

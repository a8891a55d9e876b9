package org.rmsconnector.exchange.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rmsconnector.api.workload.Workload;

/** The Exchange 2016/2019 registry values, key by key, as Microsoft documents them for the RMS connector. */
class ExchangeServerConfigurationTest {
    private static final String MSDRM = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\";
    private static final String IRM = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM\\";
    private static final String MSIPC = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\";
    private static final URI SERVICE = URI.create("https://tenant.rms.example:8444");

    private final ExchangeServerConfiguration configuration = new ExchangeServerConfiguration();

    /** Connector URL as given, its base as it must appear, and every value path → data in order. */
    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (String[] c : new String[][] {{"https://rms.contoso.com", "https://rms.contoso.com"},
                {"http://rms.contoso.com:8080/", "http://rms.contoso.com:8080"},
                {"HTTPS://RMS.Contoso.com:8443", "https://rms.contoso.com:8443"}}) {
            String base = c[1];
            String s = "https://tenant.rms.example:8444";
            rows.add(Arguments.of(c[0], MSDRM + "Activation\\(Default)", s + "/_wmcs/certification"));
            rows.add(Arguments.of(c[0], MSDRM + "EnterprisePublishing\\(Default)", s + "/_wmcs/licensing"));
            rows.add(Arguments.of(c[0], IRM + "CertificationServerRedirection\\" + s, base));
            rows.add(Arguments.of(c[0], IRM + "LicenseServerRedirection\\" + s, base));
            rows.add(Arguments.of(c[0], MSIPC + "EnterpriseCertification\\(Default)", base + "/_wmcs/certification"));
            rows.add(Arguments.of(c[0], MSIPC + "EnterprisePublishing\\(Default)", base + "/_wmcs/licensing"));
            rows.add(Arguments.of(c[0], MSIPC + "LicensingRedirection\\" + s + "/_wmcs/licensing",
                    base + "/_wmcs/licensing"));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("table")
    void eachValueAsDocumented(String connector, String path, String data) {
        Map<String, String> values = configuration.registryValues(URI.create(connector), SERVICE);
        assertTrue(values.containsKey(path), path + " missing from " + values.keySet());
        assertEquals(data, values.get(path), path);
    }

    @Test
    void exactlyTheDocumentedValuesInOrder() {
        Map<String, String> values = configuration.registryValues(URI.create("http://rms.contoso.com"), SERVICE);
        assertEquals(List.of(MSDRM + "Activation\\(Default)", MSDRM + "EnterprisePublishing\\(Default)",
                IRM + "CertificationServerRedirection\\https://tenant.rms.example:8444",
                IRM + "LicenseServerRedirection\\https://tenant.rms.example:8444",
                MSIPC + "EnterpriseCertification\\(Default)", MSIPC + "EnterprisePublishing\\(Default)",
                MSIPC + "LicensingRedirection\\https://tenant.rms.example:8444/_wmcs/licensing"),
                List.copyOf(values.keySet()));
        assertTrue(values.values().stream().filter(v -> v.contains("rms.contoso.com"))
                .allMatch(v -> v.startsWith("http://")), "plain HTTP to the connector stays HTTP: " + values);
        assertEquals(Workload.EXCHANGE, configuration.workload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rms.contoso.com", "ftp://rms.contoso.com", "https://rms.contoso.com/_wmcs/licensing",
            "https://rms.contoso.com?x=1", "https://rms.contoso.com#top", "https://admin@rms.contoso.com",
            "/relative", "https:///nohost"})
    void aBadConnectorUrlIsRefused(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configuration.registryValues(URI.create(url), SERVICE));
        assertTrue(e.getMessage().startsWith("connectorUrl: "), e.getMessage());
    }

    @Test
    void missingOrBadUrlsAreRefused() {
        URI connector = URI.create("https://rms.contoso.com");
        assertThrows(IllegalArgumentException.class, () -> configuration.registryValues(null, SERVICE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configuration.registryValues(connector, null));
        assertTrue(e.getMessage().startsWith("serviceUrl: "), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> configuration.registryValues(connector, URI.create("https://tenant/_wmcs/licensing")));
    }
}

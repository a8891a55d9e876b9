package org.rmsconnector.fci.internal;

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

/** The file server (FCI) registry values, key by key, as Microsoft documents them for the RMS connector. */
class FciServerConfigurationTest {
    private static final String MSDRM = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\";
    private static final URI SERVICE = URI.create("https://tenant.rms.example");

    private final FciServerConfiguration configuration = new FciServerConfiguration();

    /** Connector URL as given, a value path, its data. */
    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (String[] c : new String[][] {{"https://rms.contoso.com", "https://rms.contoso.com"},
                {"http://rms.contoso.com", "http://rms.contoso.com"},
                {"http://RMS.contoso.local:8080/", "http://rms.contoso.local:8080"}}) {
            String base = c[1];
            rows.add(Arguments.of(c[0], MSDRM + "EnterprisePublishing\\(Default)", base + "/_wmcs/licensing"));
            rows.add(Arguments.of(c[0], MSDRM + "Activation\\(Default)", base + "/_wmcs/certification"));
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
    void exactlyTheDocumentedValuesAndNoTenantUrl() {
        Map<String, String> values = configuration.registryValues(URI.create("https://rms.contoso.com"), SERVICE);
        assertEquals(List.of(MSDRM + "EnterprisePublishing\\(Default)", MSDRM + "Activation\\(Default)"),
                List.copyOf(values.keySet()));
        assertTrue(values.values().stream().noneMatch(v -> v.contains("tenant")), values.toString());
        assertEquals(values, configuration.registryValues(URI.create("https://rms.contoso.com"), null),
                "the tenant's URL is not needed");
        assertEquals(Workload.FCI, configuration.workload());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rms.contoso.com", "ftp://rms.contoso.com", "https://rms.contoso.com/_wmcs",
            "https://rms.contoso.com?x=1", "https://rms.contoso.com#top", "https://admin@rms.contoso.com",
            "/relative"})
    void aBadConnectorUrlIsRefused(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configuration.registryValues(URI.create(url), SERVICE));
        assertTrue(e.getMessage().startsWith("connectorUrl: "), e.getMessage());
    }

    @Test
    void aMissingConnectorOrAMalformedServiceUrlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> configuration.registryValues(null, SERVICE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configuration.registryValues(URI.create("https://rms.contoso.com"), URI.create("tenant")));
        assertTrue(e.getMessage().startsWith("serviceUrl: "), e.getMessage());
    }
}

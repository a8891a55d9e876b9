package org.rmsconnector.sharepoint.internal;

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

/** The SharePoint 2013/2016 registry values, key by key, as Microsoft documents them for the RMS connector. */
class SharePointServerConfigurationTest {
    private static final String MSIPC = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation\\";
    private static final URI SERVICE = URI.create("https://tenant.rms.example/");

    private final SharePointServerConfiguration configuration = new SharePointServerConfiguration();

    /** Connector URL as given, a value path, its data. */
    static Stream<Arguments> table() {
        List<Arguments> rows = new ArrayList<>();
        for (String[] c : new String[][] {{"https://rms.contoso.com", "https://rms.contoso.com"},
                {"http://rms.contoso.com", "http://rms.contoso.com"},
                {"https://RMS.contoso.local:8443/", "https://rms.contoso.local:8443"}}) {
            String base = c[1];
            rows.add(Arguments.of(c[0], MSIPC + "EnterpriseCertification\\(Default)", base + "/_wmcs/certification"));
            rows.add(Arguments.of(c[0], MSIPC + "EnterprisePublishing\\(Default)", base + "/_wmcs/licensing"));
            rows.add(Arguments.of(c[0], MSIPC + "LicensingRedirection\\https://tenant.rms.example/_wmcs/licensing",
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
        assertEquals(List.of(MSIPC + "EnterpriseCertification\\(Default)", MSIPC + "EnterprisePublishing\\(Default)",
                MSIPC + "LicensingRedirection\\https://tenant.rms.example/_wmcs/licensing"),
                List.copyOf(values.keySet()));
        assertTrue(values.values().stream().allMatch(v -> v.startsWith("http://rms.contoso.com/_wmcs/")),
                "every value points at the connector, over HTTP as given: " + values);
        assertEquals(Workload.SHAREPOINT, configuration.workload());
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
    void theServiceUrlIsNeeded() {
        URI connector = URI.create("https://rms.contoso.com");
        assertThrows(IllegalArgumentException.class, () -> configuration.registryValues(null, SERVICE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> configuration.registryValues(connector, null));
        assertTrue(e.getMessage().startsWith("serviceUrl: "), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> configuration.registryValues(connector, URI.create("ldap://tenant")));
    }
}

package org.rmsconnector.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.GeneratedConfiguration;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.admin.ServerConfiguration;
import org.rmsconnector.api.admin.ServerConfigurationGenerator.Format;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.testing.Configs;

class ServerConfigurationServiceTest {
    static final URI SERVICE = URI.create("https://tenant.rms.example.net");
    static final URI CONNECTOR = URI.create("https://rmsconnector.contoso.com");

    ServerConfigurationService generator;

    @BeforeEach
    void setUp() {
        generator = new ServerConfigurationService(() -> "node-7",
                Configs.of(AdminConfiguration.class, Map.of("loadBalancedUrl", "https://rmsconnector.contoso.com")));
        generator.configurations = List.of(new TestServerConfiguration(Workload.EXCHANGE),
                new TestServerConfiguration(Workload.FCI));
        generator.cloud = cloud(SERVICE);
    }

    @Test
    void regFileReadsBackKeyByKeyAsTheServerConfigurationGaveIt() throws Exception {
        GeneratedConfiguration g = generator.generate(Workload.EXCHANGE, CONNECTOR, Format.REG);
        assertEquals("rms-connector-exchange.reg", g.fileName());
        assertEquals(List.of(), g.warnings());
        Map<String, String> expected = new TestServerConfiguration(Workload.EXCHANGE).registryValues(CONNECTOR,
                SERVICE);
        Map<String, String> read = RegParser.parse(g.content());
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(read.keySet()), "same values, same order");
        expected.forEach((path, data) -> assertEquals(data, read.get(path), path));
        assertTrue(g.content().contains("@=\"https://tenant.rms.example.net/_wmcs/certification\"\r\n"),
                g.content());
        assertTrue(g.content().contains("\"Quoted \\\"name\\\"\"=\"C:\\\\Program Files\\\\RMS\"\r\n"), g.content());
        assertTrue(g.content().contains("=hex(1):"), "line breaks are written as hex(1)");
    }

    @Test
    void theStrictParserRejectsWhatRegeditWouldNotRead() {
        String good = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\A]\r\n\"x\"=\"y\"\r\n\r\n";
        assertEquals(Map.of("HKEY_LOCAL_MACHINE\\A\\x", "y"), RegParser.parse(good));
        assertThrows(IllegalArgumentException.class, () -> RegParser.parse(good.replace("\r\n", "\n")));
        assertThrows(IllegalArgumentException.class, () -> RegParser.parse(good.replace("\"y\"", "\"a\\b\"")));
        assertThrows(IllegalArgumentException.class, () -> RegParser.parse(good.replace("\"y\"", "\"a\"b\"")));
        assertThrows(IllegalArgumentException.class, () -> RegParser.parse(good.replace("HKEY_LOCAL_MACHINE", "HKLM")));
    }

    @Test
    void powerShellScriptCreatesOneGpoAndSetsEveryValue() throws Exception {
        GeneratedConfiguration g = generator.generate(Workload.EXCHANGE, CONNECTOR, Format.PS1);
        assertEquals("rms-connector-exchange.ps1", g.fileName());
        String script = g.content();
        assertTrue(script.startsWith("# RMS Connector - Exchange servers"), script);
        assertTrue(script.contains("New-GPLink -Name 'RMS Connector - Exchange servers'"), "says how to link it");
        assertTrue(script.contains("$name = 'RMS Connector - Exchange servers'"));
        assertEquals(1, count(script, "New-GPO -Name $name"));
        Pattern set = Pattern.compile("^Set-GPRegistryValue -Name \\$name -Key ('(?:[^']|'')*') -ValueName"
                + " ('(?:[^']|'')*') -Type String -Value ('(?:[^'\\u2018\\u2019]|'')*') \\| Out-Null(?=\\r\\n)",
                Pattern.MULTILINE);
        Map<String, String> read = new LinkedHashMap<>();
        Matcher m = set.matcher(script);
        while (m.find()) {
            String key = unquote(m.group(1)).replaceFirst("^HKLM", "HKEY_LOCAL_MACHINE");
            String name = unquote(m.group(2));
            read.put(key + "\\" + (name.isEmpty() ? "(Default)" : name), unquote(m.group(3)));
        }
        assertEquals(new TestServerConfiguration(Workload.EXCHANGE).registryValues(CONNECTOR, SERVICE), read);
        assertTrue(script.contains("-Value 'it''s'"), "single quotes doubled");
    }

    @Test
    void propertiesLoadBackWithJavaUtilProperties() throws Exception {
        GeneratedConfiguration g = generator.generate(Workload.FCI, CONNECTOR, Format.PROPERTIES);
        assertEquals("rms-connector-fci.properties", g.fileName());
        Properties p = new Properties();
        p.load(new StringReader(g.content()));
        assertEquals(CONNECTOR.toString(), p.getProperty("rms.connector.url"));
        assertEquals(SERVICE.toString(), p.getProperty("rms.service.url"));
        assertEquals("fci", p.getProperty("rms.workload"));
        Map<String, String> expected = new TestServerConfiguration(Workload.FCI).registryValues(CONNECTOR, SERVICE);
        Map<String, String> read = new LinkedHashMap<>();
        for (int n = 1; p.getProperty("registry." + n + ".path") != null; n++) {
            read.put(p.getProperty("registry." + n + ".path"), p.getProperty("registry." + n + ".value"));
        }
        assertEquals(expected, read);
        assertEquals(3 + 2 * expected.size(), p.size());
        assertTrue(g.content().chars().allMatch(c -> c < 0x80), "ASCII only, so any encoding reads it");
    }

    @Test
    void warnsAboutPlainHttpSingleNodesAndADifferentLoadBalancedName() throws Exception {
        List<String> w = generator.generate(Workload.EXCHANGE, URI.create("http://rmsconnector.contoso.com"),
                Format.REG).warnings();
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).contains("plain HTTP"), w.get(0));
        assertTrue(w.get(1).contains("differs from the load-balanced URL"), w.get(1));

        assertTrue(generator.generate(Workload.EXCHANGE, URI.create("https://localhost:8443"), Format.REG)
                .warnings().get(0).contains("localhost"));
        assertTrue(generator.generate(Workload.EXCHANGE, URI.create("https://10.1.2.3"), Format.REG).warnings()
                .get(0).contains("an IP address"));
        assertTrue(generator.generate(Workload.EXCHANGE, URI.create("https://[::1]:8443"), Format.REG).warnings()
                .get(0).contains("an IP address"));
        List<String> node = generator.generate(Workload.EXCHANGE, URI.create("https://NODE-7.contoso.com"),
                Format.REG).warnings();
        assertTrue(node.get(0).contains("this node (node-7.contoso.com)"), node.toString());
        assertTrue(node.get(0).contains("https://rmsconnector.contoso.com"), "names the load-balanced URL");

        generator.modified(Configs.of(AdminConfiguration.class, Map.of()));
        List<String> unset = generator.generate(Workload.EXCHANGE, URI.create("https://localhost"), Format.REG)
                .warnings();
        assertEquals(1, unset.size(), unset.toString());
        assertTrue(unset.get(0).contains("set loadBalancedUrl"), unset.get(0));
        assertFalse(generator.generate(Workload.EXCHANGE, CONNECTOR, Format.REG).warnings().iterator().hasNext());
    }

    @Test
    void badInputMissingAdapterAndMissingCloudAreSaidPrecisely() {
        assertReason(AdminException.Reason.INVALID, () -> generator.generate(Workload.EXCHANGE,
                URI.create("https://rms.contoso.com/path"), Format.REG));
        assertReason(AdminException.Reason.INVALID, () -> generator.generate(Workload.EXCHANGE,
                URI.create("ftp://rms.contoso.com"), Format.REG));
        assertReason(AdminException.Reason.INVALID, () -> generator.generate(Workload.EXCHANGE,
                URI.create("rms.contoso.com"), Format.REG));
        AdminException missing = assertReason(AdminException.Reason.NOT_FOUND,
                () -> generator.generate(Workload.SHAREPOINT, CONNECTOR, Format.REG));
        assertTrue(missing.getMessage().contains("sharepoint"), missing.getMessage());
        generator.cloud = null;
        assertReason(AdminException.Reason.UNAVAILABLE, () -> generator.generate(Workload.EXCHANGE, CONNECTOR,
                Format.REG));
    }

    private static AdminException assertReason(AdminException.Reason reason,
            org.junit.jupiter.api.function.Executable call) {
        AdminException e = assertThrows(AdminException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1).replace("''", "'");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** A server configuration with the awkward cases: default values, backslashes, quotes, line breaks. */
    record TestServerConfiguration(Workload workload) implements ServerConfiguration {
        @Override
        public Map<String, String> registryValues(URI connectorUrl, URI serviceUrl) {
            Map<String, String> v = new LinkedHashMap<>();
            String base = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\MSIPC\\ServiceLocation";
            v.put(base + "\\EnterpriseCertification\\(Default)", serviceUrl + "/_wmcs/certification");
            v.put(base + "\\EnterprisePublishing\\(Default)", serviceUrl + "/_wmcs/licensing");
            v.put("HKEY_LOCAL_MACHINE\\SOFTWARE\\RMS Connector\\" + workload.id() + "\\Connector", connectorUrl
                    .toString());
            v.put("HKEY_LOCAL_MACHINE\\SOFTWARE\\RMS Connector\\" + workload.id() + "\\Quoted \"name\"",
                    "C:\\Program Files\\RMS");
            v.put("HKEY_LOCAL_MACHINE\\SOFTWARE\\RMS Connector\\" + workload.id() + "\\Note", "it's");
            v.put("HKEY_LOCAL_MACHINE\\SOFTWARE\\RMS Connector\\" + workload.id() + "\\Lines", "one\r\ntwo é");
            return v;
        }
    }

    static CloudConnection cloud(URI serviceUrl) {
        CloudStatus status = new CloudStatus("test", serviceUrl, true, null, "TLSv1.3", null, null, null, true,
                "c-1", "node-7", null, null, 3, null, false, "CLOSED", java.time.Instant.EPOCH);
        return new CloudConnection() {
            @Override
            public CloudStatus status() {
                return status;
            }

            @Override
            public CloudStatus probe() {
                return status;
            }

            @Override
            public void register(String user, char[] password, String connectorName) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void authorize(AuthorizedServer entry) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void revoke(String account, Workload role) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<RegisteredConnector> connectors() {
                return List.of();
            }
        };
    }
}

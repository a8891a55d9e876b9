package org.rmsconnector.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.GeneratedConfiguration;

class GenconfigPluginTest {
    private static final String LABEL = "rms-genconfig";
    /** A PowerShell script: $ variables, ${...}, backslashes, markup-like text. Must come back byte for byte. */
    private static final String SCRIPT = """
            $gpo = New-GPO -Name "RMS connector <Exchange>"
            Set-GPRegistryValue -Guid $gpo.Id -Key "HKLM\\SOFTWARE\\Microsoft\\ExchangeServer\\v15\\IRM" `
                -ValueName "LicenseServerRedirection" -Value "${env:CONNECTOR} & 'x'" -Type String
            """;

    private final Fakes.Generator generator = new Fakes.Generator();
    private GenconfigPlugin plugin;

    @BeforeEach
    void setUp() {
        plugin = new GenconfigPlugin(Csrf.withRandomKey());
        plugin.generator = generator;
        generator.result = new GeneratedConfiguration("rms-connector-exchange.ps1", SCRIPT,
                List.of("rms.example.com is a single node's name; " + Fakes.HOSTILE));
    }

    private FakeHttp.Req generate() {
        return new FakeHttp.Req(LABEL).param("workload", "exchange").param("connector", "https://rms.example.com")
                .param("format", "ps1");
    }

    private Document page(FakeHttp.Req req) throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, req);
        Document doc = Pages.parse(res);
        Pages.assertInert(doc, res.body());
        return doc;
    }

    @Test
    void theFormAloneAtFirst() throws Exception {
        Document doc = page(new FakeHttp.Req(LABEL));

        Element form = doc.selectFirst("form#genconfig");
        assertNotNull(form.selectFirst("select[name=workload]"));
        assertNotNull(form.selectFirst("input[name=connector]"));
        assertEquals(List.of("reg", "ps1", "properties"), form.select("select[name=format] option").eachAttr("value"));
        assertNull(doc.selectFirst("#genconfig-output"));
        assertTrue(generator.calls.isEmpty());
    }

    @Test
    void theContentIsShownExactlyWithItsWarnings() throws Exception {
        Document doc = page(generate());

        assertEquals(List.of("exchange|https://rms.example.com|PS1"), generator.calls);
        assertEquals(SCRIPT, doc.selectFirst("pre#genconfig-output").wholeText());
        assertEquals(List.of("rms.example.com is a single node's name; " + Fakes.HOSTILE),
                doc.select("#genconfig-warnings li").eachText());
        Element download = doc.selectFirst("form#genconfig-download");
        assertEquals("post", download.attr("method"));
        assertEquals("https://rms.example.com", download.selectFirst("input[name=connector]").val());
    }

    @Test
    void theDownloadIsTheFileWithItsName() throws Exception {
        Element download = page(generate()).selectFirst("form#genconfig-download");
        FakeHttp.Req req = new FakeHttp.Req(LABEL).post();
        download.select("input").forEach(i -> req.param(i.attr("name"), i.val()));

        FakeHttp.Res res = FakeHttp.call(plugin, req);

        assertEquals(200, res.status);
        assertEquals("attachment; filename=\"rms-connector-exchange.ps1\"", res.header("Content-Disposition"));
        assertEquals("application/octet-stream", res.contentType);
        assertEquals(SCRIPT, res.bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theDownloadWithoutTheTokenIsRefused() throws Exception {
        FakeHttp.Res res = FakeHttp.call(plugin, new FakeHttp.Req(LABEL).post().param("download", "1")
                .param("workload", "exchange").param("connector", "https://rms.example.com").param("format", "reg"));

        assertEquals(403, res.status);
        assertTrue(generator.calls.isEmpty());
        assertEquals(0, res.bytes.size());
    }

    @Test
    void aBadUrlIsExplained() throws Exception {
        FakeHttp.Req bad = new FakeHttp.Req(LABEL).param("workload", "fci").param("connector", "http://bad host")
                .param("format", "reg");

        Element error = page(bad).selectFirst("#genconfig-error");

        assertTrue(error.text().startsWith("The connector URL 'http://bad host' is not a valid URL"), error.text());
        assertTrue(generator.calls.isEmpty());
    }

    @Test
    void aRefusalOfTheGeneratorIsShown() throws Exception {
        generator.failure = new AdminException(AdminException.Reason.NOT_FOUND,
                "The fci adapter is not installed; drop it into deploy/ first.");

        Document doc = page(generate().param("workload", "fci"));

        assertEquals("The fci adapter is not installed; drop it into deploy/ first.",
                doc.selectFirst("#genconfig-error").text());
    }

    @Test
    void unsafeFileNamesAreCleaned() {
        assertEquals("a_b_.._x.reg", GenconfigPlugin.safeFileName("a\"b/../x.reg"));
        assertEquals("rms-connector-configuration.txt", GenconfigPlugin.safeFileName(".."));
    }

    @Test
    void aMissingServiceIsNamed() throws Exception {
        plugin.generator = null;

        assertNotNull(page(generate()).selectFirst("[data-missing-service=ServerConfigurationGenerator]"));
    }
}

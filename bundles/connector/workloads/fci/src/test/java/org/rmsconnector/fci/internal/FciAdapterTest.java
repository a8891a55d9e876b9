package org.rmsconnector.fci.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.fci.internal.Fixtures.ENTRY;
import static org.rmsconnector.fci.internal.Fixtures.TEMPLATE;
import static org.rmsconnector.fci.internal.Fixtures.certify;
import static org.rmsconnector.fci.internal.Fixtures.forwarded;
import static org.rmsconnector.fci.internal.Fixtures.json;
import static org.rmsconnector.fci.internal.Fixtures.licenses;
import static org.rmsconnector.fci.internal.Fixtures.preLicenses;
import static org.rmsconnector.fci.internal.Fixtures.refused;
import static org.rmsconnector.fci.internal.Fixtures.request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.nimbusds.jose.util.JSONObjectUtils;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.Grant;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.PublishRequest;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;

class FciAdapterTest {
    private static final Set<Operation> ALLOWED = EnumSet.of(Operation.SERVER_INFO, Operation.CERTIFY,
            Operation.PUBLISH, Operation.ACQUIRE_LICENSE, Operation.TEMPLATES);
    private static final Policy BY_TEMPLATE = Policy.template(TEMPLATE);
    private static final Policy AD_HOC = Policy.adHoc(Grant.of("bob@contoso.com", Right.VIEW));

    @TempDir
    static Path dir;

    private final FciAdapter adapter = new FciAdapter();

    /** A publish request for {@code file}, declared as the FCI server declares it. */
    private static String publish(Path file, Policy policy) throws Exception {
        return withDocument(new PublishRequest(Fixtures.draft(ENTRY, policy)).toJson(),
                OfficeDocuments.declare(file).toMap());
    }

    private static String withDocument(String publishRequest, Object document) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(JSONObjectUtils.parse(publishRequest));
        body.put(FciAdapter.DOCUMENT, document);
        return JSONObjectUtils.toJSONString(body);
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void servesEveryOperationButPreLicensing(Operation operation) {
        assertEquals(Workload.FCI, adapter.workload());
        assertEquals(ALLOWED.contains(operation), adapter.operations().contains(operation));
    }

    @Test
    void refusesPreLicensingEvenWhenAskedDirectly() {
        refused(adapter.handle(request(Operation.ACQUIRE_PRELICENSE, preLicenses(1))), 403, "operation_not_allowed");
    }

    static Stream<Arguments> forwards() throws Exception {
        return Stream.of(
                Arguments.of(Operation.SERVER_INFO, ""),
                Arguments.of(Operation.CERTIFY, certify()),
                Arguments.of(Operation.TEMPLATES, ""),
                Arguments.of(Operation.TEMPLATES, "{\"id\":\"" + TEMPLATE + "\"}"),
                Arguments.of(Operation.PUBLISH, publish(TestFiles.docx(dir, "forward.docx"), BY_TEMPLATE)),
                Arguments.of(Operation.ACQUIRE_LICENSE, licenses(null, null)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("forwards")
    void forwardsAsItselfWithoutSuperUser(Operation operation, String body) {
        AdapterResult.Forward f = forwarded(adapter.handle(request(operation, body)));
        assertFalse(f.superUser(), "superUser");
        assertNull(f.onBehalfOf(), "onBehalfOf");
    }

    interface Maker {
        Path make(Path dir) throws IOException;
    }

    /** the file, the policy → null when forwarded, else "status code". */
    static Stream<Arguments> publications() {
        return Stream.of(
                Arguments.of("report.docx", (Maker) d -> TestFiles.docx(d, "report.docx"), BY_TEMPLATE, null),
                Arguments.of("budget.xlsm", (Maker) d -> TestFiles.xlsx(d, "budget.xlsm"), BY_TEMPLATE, null),
                Arguments.of("deck.potx", (Maker) d -> TestFiles.pptx(d, "deck.potx"), BY_TEMPLATE, null),
                Arguments.of("legacy.xls", (Maker) d -> TestFiles.ole2(d, "legacy.xls"), BY_TEMPLATE, null),
                Arguments.of("legacy.pps", (Maker) d -> TestFiles.ole2(d, "legacy.pps"), BY_TEMPLATE, null),
                Arguments.of("report.docx with grants", (Maker) d -> TestFiles.docx(d, "adhoc.docx"), AD_HOC,
                        "400 template_required"),
                Arguments.of("report.pdf", (Maker) d -> TestFiles.pdf(d, "report.pdf"), BY_TEMPLATE, "415 office_only"),
                Arguments.of("report.pdf with grants", (Maker) d -> TestFiles.pdf(d, "adhoc.pdf"), AD_HOC,
                        "415 office_only"),
                Arguments.of("setup.exe", (Maker) d -> TestFiles.exe(d, "setup.exe"), BY_TEMPLATE, "415 office_only"),
                Arguments.of("setup.exe renamed .docx", (Maker) d -> TestFiles.exe(d, "setup.docx"), BY_TEMPLATE,
                        "415 office_only"),
                Arguments.of("archive.zip renamed .xlsx", (Maker) d -> TestFiles.zip(d, "archive.xlsx", "a.txt", "a"),
                        BY_TEMPLATE, "415 office_only"),
                Arguments.of("report.docx renamed .pptx", (Maker) d -> TestFiles.docx(d, "renamed.pptx"),
                        BY_TEMPLATE, "415 office_only"),
                Arguments.of("legacy.doc renamed .docx", (Maker) d -> TestFiles.ole2(d, "renamed.docx"), BY_TEMPLATE,
                        "415 office_only"));
    }

    @ParameterizedTest(name = "[{index}] {0} → {3}")
    @MethodSource("publications")
    void protectsOfficeDocumentsByTemplateOnly(String what, Maker maker, Policy policy, String expected)
            throws Exception {
        PublishingLicense.Draft draft = Fixtures.draft(ENTRY, policy);
        String body = withDocument(new PublishRequest(draft).toJson(),
                OfficeDocuments.declare(maker.make(dir)).toMap());
        AdapterResult result = adapter.handle(request(Operation.PUBLISH, body));
        if (expected == null) {
            AdapterResult.Forward f = forwarded(result);
            assertFalse(json(f.body()).containsKey(FciAdapter.DOCUMENT), "the declaration is not forwarded");
            assertEquals(Set.of("draft"), json(f.body()).keySet());
            PublishRequest sent = PublishRequest.fromJson(new String(f.body(), StandardCharsets.UTF_8));
            assertEquals(draft, sent.draft(), "the draft goes out as it came in");
        } else {
            String[] statusAndCode = expected.split(" ");
            AdapterResult.Refuse r = refused(result, Integer.parseInt(statusAndCode[0]), statusAndCode[1]);
            if (r.status() == 415) {
                assertEquals("The FCI connector protects Office documents only (Word, Excel, PowerPoint). Protect"
                        + " other files with rmsctl directly against the service, or with the RMS sharing"
                        + " application.", r.message());
            } else {
                assertTrue(r.message().contains("template"), r.message());
            }
        }
    }

    @Test
    void aPublishWithoutADeclarationIsRefused() throws Exception {
        String body = new PublishRequest(Fixtures.draft(ENTRY, BY_TEMPLATE)).toJson();
        AdapterResult.Refuse r = refused(adapter.handle(request(Operation.PUBLISH, body)), 400, "document_required");
        assertTrue(r.message().contains("\"document\""), r.message());
    }

    @Test
    void aDeclarationInsideTheDraftDoesNotCount() throws Exception {
        String body = new PublishRequest(Fixtures.draft(ENTRY, BY_TEMPLATE)).toJson().replace("\"owner\":",
                "\"document\":" + OfficeDocuments.declare(TestFiles.docx(dir, "inside.docx")).toJson() + ",\"owner\":");
        refused(adapter.handle(request(Operation.PUBLISH, body)), 400, "document_required");
    }

    static Stream<Arguments> badDeclarations() {
        return Stream.of(
                Arguments.of("true"),
                Arguments.of("{\"name\":\"a.docx\"}"),
                Arguments.of("{\"magic\":\"UEsDBA\"}"),
                Arguments.of("{\"name\":\"a.docx\",\"magic\":\"%%%\"}"),
                Arguments.of("{\"name\":\"a.docx\",\"magic\":\"UEsDBA\",\"contentTypes\":{}}"));
    }

    @ParameterizedTest(name = "[{index}] document: {0}")
    @MethodSource("badDeclarations")
    void malformedDeclarationsAre400(String document) throws Exception {
        String body = new PublishRequest(Fixtures.draft(ENTRY, BY_TEMPLATE)).toJson();
        body = body.substring(0, body.length() - 1) + ",\"document\":" + document + "}";
        AdapterResult.Refuse r = refused(adapter.handle(request(Operation.PUBLISH, body)), 400, "bad_request");
        assertTrue(r.message().startsWith("PublishRequest.document."), r.message());
    }

    @Test
    void aMalformedDraftIs400BeforeTheDocumentIsJudged() throws Exception {
        String body = "{\"draft\":{\"owner\":\"x\"},\"document\":"
                + OfficeDocuments.declare(TestFiles.pdf(dir, "malformed.pdf")).toJson() + "}";
        refused(adapter.handle(request(Operation.PUBLISH, body)), 400, "bad_request");
    }

    // ---- licenses

    @Test
    void licensesAreForTheFileServerItself() throws Exception {
        AdapterResult.Forward f = forwarded(adapter.handle(request(Operation.ACQUIRE_LICENSE, licenses(null, null))));
        assertEquals(2, AcquireLicenseRequest.fromJson(new String(f.body(), StandardCharsets.UTF_8)).items().size());
        AdapterResult.Refuse r = refused(adapter.handle(request(Operation.ACQUIRE_LICENSE,
                licenses(null, "bob@contoso.com"))), 403, "obo_not_allowed");
        assertTrue(r.message().contains("items[1].onBehalfOf"), r.message());
    }

    @Test
    void forwardsWhatTheProtocolParserAccepts() throws Exception {
        assertArrayEquals(new byte[0], forwarded(adapter.handle(request(Operation.SERVER_INFO, "x"))).body());
        CertifyRequest.fromJson(new String(forwarded(adapter.handle(request(Operation.CERTIFY, certify()))).body(),
                StandardCharsets.UTF_8));
        refused(adapter.handle(request(Operation.CERTIFY, "{\"identity\":\"CONTOSO\\\\FS01$\"}")), 400,
                "bad_request");
    }
}

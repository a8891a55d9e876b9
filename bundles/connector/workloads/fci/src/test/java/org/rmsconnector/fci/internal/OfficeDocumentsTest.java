package org.rmsconnector.fci.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Real small files of every kind, declared and judged. */
class OfficeDocumentsTest {

    @TempDir
    static Path dir;

    interface Maker {
        Path make(Path dir) throws IOException;
    }

    /** what, how to make the file, whether it is an Office document. */
    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("a Word document", (Maker) d -> TestFiles.docx(d, "report.docx"), true),
                Arguments.of("a macro-enabled Word template", (Maker) d -> TestFiles.docx(d, "letter.dotm"), true),
                Arguments.of("an upper-case name", (Maker) d -> TestFiles.docx(d, "REPORT.DOCX"), true),
                Arguments.of("a workbook", (Maker) d -> TestFiles.xlsx(d, "budget.xlsx"), true),
                Arguments.of("a binary workbook", (Maker) d -> TestFiles.xlsx(d, "budget.xlsb"), true),
                Arguments.of("a presentation", (Maker) d -> TestFiles.pptx(d, "deck.pptx"), true),
                Arguments.of("a slide show", (Maker) d -> TestFiles.pptx(d, "deck.ppsx"), true),
                Arguments.of("a legacy Word document", (Maker) d -> TestFiles.ole2(d, "old.doc"), true),
                Arguments.of("a legacy workbook", (Maker) d -> TestFiles.ole2(d, "old.xls"), true),
                Arguments.of("a legacy presentation", (Maker) d -> TestFiles.ole2(d, "old.ppt"), true),
                Arguments.of("a legacy template", (Maker) d -> TestFiles.ole2(d, "old.dot"), true),
                Arguments.of("a PDF", (Maker) d -> TestFiles.pdf(d, "report.pdf"), false),
                Arguments.of("a PDF named .docx", (Maker) d -> TestFiles.pdf(d, "report-pdf.docx"), false),
                Arguments.of("an executable", (Maker) d -> TestFiles.exe(d, "setup.exe"), false),
                Arguments.of("an executable named .docx", (Maker) d -> TestFiles.exe(d, "invoice.docx"), false),
                Arguments.of("an executable named .doc", (Maker) d -> TestFiles.exe(d, "invoice.doc"), false),
                Arguments.of("a zip without [Content_Types].xml named .docx",
                        (Maker) d -> TestFiles.zip(d, "archive.docx", "readme.txt", "hello"), false),
                Arguments.of("a zip named .zip", (Maker) d -> TestFiles.zip(d, "archive.zip", "readme.txt", "hello"), false),
                Arguments.of("a workbook named .docx", (Maker) d -> TestFiles.xlsx(d, "budget-as-word.docx"), false),
                Arguments.of("a Word document named .pptx", (Maker) d -> TestFiles.docx(d, "report-as-deck.pptx"), false),
                Arguments.of("a Word document named .doc", (Maker) d -> TestFiles.docx(d, "report-new.doc"), false),
                Arguments.of("a legacy document named .docx", (Maker) d -> TestFiles.ole2(d, "old-as-new.docx"), false),
                Arguments.of("a legacy document named .msg", (Maker) d -> TestFiles.ole2(d, "mail.msg"), false),
                Arguments.of("a broken zip named .docx", (Maker) d -> TestFiles.write(d, "broken.docx",
                        "PK\u0003\u0004garbage that is no zip".getBytes(StandardCharsets.ISO_8859_1)), false),
                Arguments.of("an empty file named .docx", (Maker) d -> TestFiles.write(d, "empty.docx", new byte[0]), false),
                Arguments.of("three bytes named .xls", (Maker) d -> TestFiles.write(d, "short.xls", new byte[] {
                    (byte) 0xD0, (byte) 0xCF, 0x11}), false),
                Arguments.of("a name without extension", (Maker) d -> TestFiles.docx(d, "README"), false),
                Arguments.of("a text file", (Maker) d -> TestFiles.write(d, "notes.txt",
                        "hello".getBytes(StandardCharsets.US_ASCII)), false));
    }

    @ParameterizedTest(name = "[{index}] {0} → office: {2}")
    @MethodSource("files")
    void recognisesOfficeDocumentsByContent(String what, Maker maker, boolean office) throws IOException {
        OfficeDocuments.Declaration d = OfficeDocuments.declare(maker.make(dir));
        assertEquals(office, OfficeDocuments.isOffice(d), () -> what + ": " + OfficeDocuments.problem(d));
        // and the same verdict after the declaration has travelled as JSON
        OfficeDocuments.Declaration travelled = OfficeDocuments.Declaration.fromMember(
                Fixtures.json(d.toJson().getBytes(StandardCharsets.UTF_8)));
        assertEquals(office, OfficeDocuments.isOffice(travelled), what);
    }

    @Test
    void declaresNameFirstBytesAndPartNames() throws IOException {
        OfficeDocuments.Declaration d = OfficeDocuments.declare(TestFiles.docx(dir, "q3.docx"));
        assertEquals("q3.docx", d.name());
        assertArrayEquals(new byte[] {'P', 'K', 3, 4}, java.util.Arrays.copyOf(d.magic(), 4));
        assertEquals(8, d.magic().length);
        assertEquals(List.of("/word/document.xml", "/docProps/core.xml", "/docProps/app.xml"), d.contentTypes());
        Map<String, Object> json = d.toMap();
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(d.magic()), json.get("magic"));
        assertEquals(List.of("name", "magic", "contentTypes"), List.copyOf(json.keySet()));
    }

    @Test
    void aFileThatIsNoZipHasNoContentTypes() throws IOException {
        OfficeDocuments.Declaration d = OfficeDocuments.declare(TestFiles.ole2(dir, "legacy.doc"));
        assertNull(d.contentTypes());
        assertTrue(!d.toMap().containsKey("contentTypes"));
    }

    @Test
    void neverResolvesEntitiesInContentTypes() throws IOException {
        Path secret = TestFiles.write(dir, "secret.txt", "/word/document.xml".getBytes(StandardCharsets.US_ASCII));
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE Types [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Override PartName=\"&x;\" ContentType=\"application/xml\"/></Types>";
        OfficeDocuments.Declaration d = OfficeDocuments.declare(TestFiles.zip(dir, "xxe.docx", "[Content_Types].xml", xml));
        assertTrue(d.contentTypes() == null || d.contentTypes().stream().noneMatch(p -> p.contains("word")),
                () -> "resolved an external entity: " + d.contentTypes());
        assertTrue(!OfficeDocuments.isOffice(d));
    }

    @Test
    void readsTheDeclarationLeniently() {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 6, 0};
        for (String magic : List.of(Base64.getEncoder().encodeToString(zip),
                Base64.getUrlEncoder().withoutPadding().encodeToString(zip), " UEsDBBQABgA= ")) {
            OfficeDocuments.Declaration d = OfficeDocuments.Declaration.fromMember(Map.of("name",
                    "C:\\Shares\\Finance\\Q3 report.docx", "magic", magic, "contentTypes", List.of("/WORD/document.xml")));
            assertTrue(OfficeDocuments.isOffice(d), magic);
        }
    }

    static Stream<Arguments> badDeclarations() {
        Map<String, Object> noName = new HashMap<>(Map.of("magic", "UEsDBA"));
        return Stream.of(
                Arguments.of("not an object", "report.docx", "expected an object"),
                Arguments.of("no name", noName, "name"),
                Arguments.of("no magic", Map.of("name", "a.docx"), "magic"),
                Arguments.of("magic not base64", Map.of("name", "a.docx", "magic", "not base64!"), "magic"),
                Arguments.of("magic too long", Map.of("name", "a.docx", "magic",
                        Base64.getEncoder().encodeToString(new byte[100])), "magic"),
                Arguments.of("contentTypes not a list", Map.of("name", "a.docx", "magic", "UEsDBA",
                        "contentTypes", "/word/document.xml"), "contentTypes"),
                Arguments.of("contentTypes not strings", Map.of("name", "a.docx", "magic", "UEsDBA",
                        "contentTypes", List.of(1)), "contentTypes"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badDeclarations")
    void refusesMalformedDeclarations(String what, Object value, String field) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OfficeDocuments.Declaration.fromMember(value));
        assertTrue(e.getMessage().startsWith(field) || e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void everyListedExtensionHasAKind() {
        for (String ext : List.of("docx", "docm", "dotx", "dotm", "xlsx", "xlsm", "xltx", "xltm", "xlsb", "pptx",
                "pptm", "potx", "potm", "ppsx", "ppsm", "doc", "dot", "xls", "xlt", "ppt", "pot", "pps")) {
            assertTrue(OfficeDocuments.kind("file." + ext).isPresent(), ext);
        }
        for (String ext : List.of("pdf", "txt", "zip", "exe", "rtf", "odt", "msg", "vsdx", "one", "docx.exe")) {
            assertTrue(OfficeDocuments.kind("file." + ext).isEmpty(), ext);
        }
    }
}

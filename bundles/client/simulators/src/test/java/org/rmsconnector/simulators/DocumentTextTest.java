package org.rmsconnector.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The text a content rule sees, per kind of file. */
class DocumentTextTest {

    @TempDir
    Path dir;

    @Test
    void wordRunsJoinAndParagraphsBreak() throws Exception {
        Path docx = OfficeFiles.docx(dir.resolve("r.docx"), "Quarter|ly numbers: |42", "CONFI|DENTIAL");
        DocumentText.Extracted t = DocumentText.of(docx);
        assertEquals(DocumentText.Kind.OOXML, t.kind());
        assertEquals("Quarterly numbers: 42\nCONFIDENTIAL\n", t.text()); // the _rels part's <t> is not text
        assertFalse(t.truncated());
        // what a content rule spanning two runs needs
        assertTrue(ClassificationRule.of(null, "Quarterly numbers: \\d+").selectsText(t.text()));
    }

    @Test
    void excelSharedStringsAndPowerPointSlides() throws Exception {
        assertEquals("Revenue\nSalary < 100\n",
                DocumentText.of(OfficeFiles.xlsx(dir.resolve("b.xlsx"), "Revenue", "Salary &lt; 100")).text());
        assertEquals("Board only\n", DocumentText.of(OfficeFiles.pptx(dir.resolve("d.pptx"), "Board only")).text());
    }

    @Test
    void aPartWithADtdIsNotExpandedAndTheOthersStillCount() throws Exception {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<Types/>");
        parts.put("word/document.xml", "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">"
                + "]><d><p><t>&x;</t></p></d>");
        parts.put("word/footer1.xml", "<ftr><p><t>footer text</t></p></ftr>");
        DocumentText.Extracted t = DocumentText.of(OfficeFiles.zip(dir.resolve("x.docx"), parts));
        assertFalse(t.text().contains("root:"), t.text());
        assertTrue(t.text().contains("footer text"), t.text());
    }

    @Test
    void plainFilesAreUtf8AndBinaryContainersHaveNoText() throws Exception {
        Path txt = Files.write(dir.resolve("n.txt"), "Grüße, confidential\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(new DocumentText.Extracted(DocumentText.Kind.PLAIN, "Grüße, confidential\n", false),
                DocumentText.of(txt));

        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1,
            'c', 'o', 'n', 'f'};
        assertEquals(DocumentText.Kind.LEGACY_OFFICE, DocumentText.of(Files.write(dir.resolve("o.doc"), ole2)).kind());

        Path plainZip = OfficeFiles.zip(dir.resolve("a.zip"), Map.of("confidential.txt", "confidential"));
        assertEquals(new DocumentText.Extracted(DocumentText.Kind.OTHER_ZIP, "", false), DocumentText.of(plainZip));

        Path broken = Files.write(dir.resolve("broken.docx"), new byte[] {'P', 'K', 3, 4, 0, 0, 0});
        assertEquals(DocumentText.Kind.OTHER_ZIP, DocumentText.of(broken).kind());
    }

    @Test
    void longTextIsCut() throws Exception {
        Path big = Files.writeString(dir.resolve("big.txt"), "a".repeat(DocumentText.MAX_CHARS + 5));
        DocumentText.Extracted t = DocumentText.of(big);
        assertTrue(t.truncated());
        assertEquals(DocumentText.MAX_CHARS, t.text().length());
    }
}

package org.rmsconnector.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protocol.Policy;

/** The pass's bookkeeping over a folder, with an in-memory SDK that refuses non-Office files as the connector does. */
class FciPassTest {

    static final String TEMPLATE = "tpl-confidential";

    @TempDir
    Path folder;
    InMemoryRmsClient rms;

    @BeforeEach
    void connectorRules() {
        rms = new InMemoryRmsClient("FS01$");
        rms.refuse = file -> {
            String name = file.getFileName().toString();
            if (name.startsWith("down")) {
                return new RmsClientException(RmsClientException.SERVICE_UNAVAILABLE, "publishing: connector down");
            }
            try {
                DocumentText.Kind kind = DocumentText.of(file).kind();
                return kind == DocumentText.Kind.OOXML || kind == DocumentText.Kind.LEGACY_OFFICE ? null
                        : new RmsClientException(FciPass.OFFICE_ONLY, "publishing: refused (HTTP 415, office_only): "
                                + "The FCI connector protects Office documents only");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
    }

    private Map<String, FciPass.FileResult> byName(FciPass.Summary s) {
        return s.files().stream().collect(Collectors.toMap(f -> f.file().toString().replace('\\', '/'), f -> f));
    }

    @Test
    void aPassProtectsSkipsAndReportsPerFile() throws Exception {
        OfficeFiles.docx(folder.resolve("a.docx"), "Confidential: salaries");
        OfficeFiles.docx(folder.resolve("b.docx"), "public notes");
        Files.writeString(folder.resolve("notes.txt"), "confidential, but plain text");
        OfficeFiles.xlsx(folder.resolve("sub/c.xlsx"), "CONFIDENTIAL");
        OfficeFiles.docx(folder.resolve("e.docx"), "confidential, done before");
        Files.writeString(folder.resolve("e.docx.rmsp"), "an earlier pass's output");
        OfficeFiles.docx(folder.resolve("down.docx"), "confidential while the connector is down");
        Files.writeString(folder.resolve(".x.docx.1234.rms-partial"), "confidential leftovers of a crash");
        byte[] before = Files.readAllBytes(folder.resolve("a.docx"));

        FciPass.Summary s = new FciPass(rms, Clock.systemUTC()).run(folder, TEMPLATE,
                ClassificationRule.of(List.of(), "(?i)confidential"), false);

        assertEquals(6, s.scanned()); // a b notes c e down; not the .rmsp, not the partial file
        assertEquals(5, s.matched());
        assertEquals(2, s.count(FciPass.Status.PROTECTED));
        assertEquals(2, s.count(FciPass.Status.SKIPPED));
        assertEquals(1, s.count(FciPass.Status.FAILED));
        Map<String, FciPass.FileResult> r = byName(s);
        assertEquals(List.of("a.docx", "down.docx", "e.docx", "notes.txt", "sub/c.xlsx"),
                r.keySet().stream().sorted().toList());

        FciPass.FileResult a = r.get("a.docx");
        assertEquals(FciPass.Status.PROTECTED, a.status());
        assertEquals(Path.of("a.docx.rmsp"), a.output());
        assertTrue(Files.exists(folder.resolve("a.docx.rmsp")));
        assertEquals(Policy.template(TEMPLATE), rms.published.get(a.contentId()).policy());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(folder.resolve("a.docx"))), "original kept");
        assertTrue(Files.exists(folder.resolve("sub/c.xlsx.rmsp")));

        assertEquals(FciPass.OFFICE_ONLY, r.get("notes.txt").code());
        assertEquals(FciPass.Status.SKIPPED, r.get("notes.txt").status());
        assertTrue(r.get("notes.txt").message().contains("Office documents only"));
        assertFalse(Files.exists(folder.resolve("notes.txt.rmsp")));

        assertEquals(RmsClientException.OUTPUT_EXISTS, r.get("e.docx").code());
        assertEquals("an earlier pass's output", Files.readString(folder.resolve("e.docx.rmsp")));

        assertEquals(FciPass.Status.FAILED, r.get("down.docx").status());
        assertEquals(RmsClientException.SERVICE_UNAVAILABLE, r.get("down.docx").code());
        assertFalse(Files.exists(folder.resolve("down.docx.rmsp")));

        assertFalse(Files.exists(folder.resolve("b.docx.rmsp")), "not selected, not protected");
        assertNull(r.get("b.docx"));
    }

    @Test
    void aSecondPassSkipsWhatIsDoneAndOverwriteRedoesIt() throws Exception {
        OfficeFiles.docx(folder.resolve("a.docx"), "secret");
        ClassificationRule rule = ClassificationRule.of(List.of("*.docx"), null);
        FciPass pass = new FciPass(rms, Clock.systemUTC());
        assertEquals(1, pass.run(folder, TEMPLATE, rule, false).count(FciPass.Status.PROTECTED));

        FciPass.Summary again = pass.run(folder, TEMPLATE, rule, false);
        assertEquals(1, again.scanned(), "the .rmsp output is not a candidate");
        assertEquals(FciPass.Status.SKIPPED, again.files().get(0).status());
        assertEquals(1, rms.protectedInputs.size());

        FciPass.Summary redo = pass.run(folder, TEMPLATE, rule, true);
        assertEquals(FciPass.Status.PROTECTED, redo.files().get(0).status());
        assertEquals(2, rms.protectedInputs.size());
    }

    @Test
    void namesAloneSelectWithoutReadingContent() throws Exception {
        Files.writeString(folder.resolve("x.docx"), "not even a zip");
        Files.writeString(folder.resolve("y.txt"), "secret");
        FciPass.Summary s = new FciPass(rms, Clock.systemUTC()).run(folder, TEMPLATE,
                ClassificationRule.of(List.of("*.docx"), null), false);
        assertEquals(2, s.scanned());
        assertEquals(1, s.matched());
        assertEquals(FciPass.OFFICE_ONLY, s.files().get(0).code()); // the connector decides by content
    }

    @Test
    void leavesNoPartialFilesAndRefusesAMissingFolder() throws Exception {
        OfficeFiles.docx(folder.resolve("a.docx"), "secret");
        new FciPass(rms, Clock.systemUTC()).run(folder, TEMPLATE, ClassificationRule.of(null, "secret"), false);
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("a.docx", "a.docx.rmsp"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        RmsClientException e = assertThrows(RmsClientException.class, () -> new FciPass(rms, Clock.systemUTC())
                .run(folder.resolve("nope"), TEMPLATE, ClassificationRule.of(null, "x"), false));
        assertEquals(RmsClientException.BAD_ARGUMENT, e.code());
        assertTrue(e.getMessage().endsWith("does not exist"), e.getMessage());
    }
}

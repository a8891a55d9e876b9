package org.rmsconnector.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.Right;

/** Protect on download with a library policy; decrypt on upload only for a user holding the right. */
class SharePointSimulationTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;
    InMemoryRmsClient rms;
    SharePointSimulation sim;
    Path doc;
    Path download;

    @BeforeEach
    void library() throws Exception {
        rms = new InMemoryRmsClient("SP01$");
        sim = new SharePointSimulation(rms, rms::openFor);
        doc = Files.writeString(dir.resolve("plan.docx"), "the plan");
        download = dir.resolve("plan.docx.rmsp");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadCarriesTheLibraryPolicyForTheUser() throws Exception {
        SharePointSimulation.Download d = sim.download(doc, download, "bob@contoso.com",
                new SharePointSimulation.LibraryPolicy(Set.of(Right.VIEW, Right.PRINT, Right.EDIT), 30, 3), false,
                NOW);
        ProtectOptions sent = rms.published.get(d.protection().info().contentId());
        assertEquals(Policy.adHoc(List.of(new org.rmsconnector.protocol.Grant("bob@contoso.com",
                Set.of(Right.VIEW, Right.PRINT, Right.EDIT)))), sent.policy());
        assertEquals(NOW.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS), sent.contentExpiry());
        assertEquals(3, sent.offlineDays());
        assertNull(sent.owner(), "the library (the server's identity) owns the download");
        assertEquals("SP01$", d.protection().info().owner());
    }

    @Test
    void anUploadIsDecryptedOnlyForAUserHoldingTheRight() throws Exception {
        sim.download(doc, download, "bob@contoso.com",
                new SharePointSimulation.LibraryPolicy(Set.of(Right.VIEW, Right.EDIT), null, null), false, NOW);

        SharePointSimulation.Upload bob = sim.upload(download, dir.resolve("up-bob.docx"), "bob@contoso.com",
                Right.EDIT, false, doc);
        assertEquals(SharePointSimulation.Outcome.DECRYPTED, bob.outcome());
        assertTrue(bob.written() && bob.identical() && bob.asRuled());
        assertEquals("the plan", Files.readString(dir.resolve("up-bob.docx")));

        SharePointSimulation.Upload carol = sim.upload(download, dir.resolve("up-carol.docx"), "carol@contoso.com",
                Right.EDIT, false, doc);
        assertEquals(SharePointSimulation.Outcome.REFUSED, carol.outcome());
        assertEquals("not_granted", carol.code());
        assertFalse(carol.written());
        assertTrue(carol.asRuled());
        assertEquals(List.of("plan.docx", "plan.docx.rmsp", "up-bob.docx"), files(), "nothing written for carol");
    }

    @Test
    void aUserWhoMayOnlyViewIsRefusedAndNothingIsWritten() throws Exception {
        sim.download(doc, download, "bob@contoso.com",
                new SharePointSimulation.LibraryPolicy(Set.of(Right.VIEW, Right.PRINT), null, null), false, NOW);
        SharePointSimulation.Upload u = sim.upload(download, dir.resolve("up.docx"), "bob@contoso.com", Right.EDIT,
                false, doc);
        assertEquals(SharePointSimulation.Outcome.REFUSED, u.outcome());
        assertEquals(Set.of(Right.VIEW, Right.PRINT), u.rights());
        assertTrue(u.message().contains("needs EDIT"), u.message());
        assertEquals(List.of("plan.docx", "plan.docx.rmsp"), files(), "no output, no partial file");
    }

    @Test
    void withoutOnBehalfOfInTheSdkUploadsAreUnsupported() throws Exception {
        sim.download(doc, download, "bob@contoso.com",
                new SharePointSimulation.LibraryPolicy(Set.of(Right.VIEW, Right.EDIT), null, null), false, NOW);
        SharePointSimulation.Upload u = new SharePointSimulation(rms, OnBehalfOpener.UNSUPPORTED)
                .upload(download, dir.resolve("up.docx"), "bob@contoso.com", Right.EDIT, false, doc);
        assertEquals(SharePointSimulation.Outcome.UNSUPPORTED, u.outcome());
        assertFalse(u.asRuled());
        assertFalse(Files.exists(dir.resolve("up.docx")));
    }

    @Test
    void failuresAreNotRefusals() throws Exception {
        Files.writeString(dir.resolve("up.docx"), "earlier");
        SharePointSimulation.Upload exists = sim.upload(download, dir.resolve("up.docx"), "bob@contoso.com",
                Right.EDIT, false, doc);
        assertEquals(SharePointSimulation.Outcome.FAILED, exists.outcome());
        assertEquals("earlier", Files.readString(dir.resolve("up.docx")));

        assertEquals(SharePointSimulation.Outcome.FAILED, SharePointSimulation.outcome(new RmsClientException(
                RmsClientException.SERVICE_UNAVAILABLE, "down")));
        assertEquals(SharePointSimulation.Outcome.FAILED, SharePointSimulation.outcome(new RmsClientException(
                "on_behalf_of_required", "refused", null, 400, "on_behalf_of_required", null, null)));
        assertEquals(SharePointSimulation.Outcome.REFUSED, SharePointSimulation.outcome(new RmsClientException(
                RmsClientException.ACCESS_DENIED, "no rights")));
    }

    @Test
    void aPolicyIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new SharePointSimulation.LibraryPolicy(Set.of(), 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new SharePointSimulation.LibraryPolicy(Set.of(Right.VIEW), 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new SharePointSimulation.LibraryPolicy(Set.of(Right.VIEW), 1, -1));
    }
}

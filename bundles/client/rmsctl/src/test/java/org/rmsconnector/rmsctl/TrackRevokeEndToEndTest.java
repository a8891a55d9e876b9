package org.rmsconnector.rmsctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's track and revoke example, run by rmsctl against the real cloud service over HTTPS: alice protects a
 * file for bob, bob opens it, alice tracks it and revokes it; bob is then refused with who revoked it and when, and
 * no output file is written; carol may neither track nor revoke it; the global administrator lets super users
 * through or undoes the revocation, and bob opens it again.
 */
class TrackRevokeEndToEndTest {

    @TempDir
    static Path dir;
    static RealCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = RealCloud.start(dir.resolve("cloud"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static Run as(String upn, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--service", cloud.uri().toString(), "--trust-cert",
                cloud.certificate.toString(), "--user", upn, "--password-file", cloud.passwordFile(upn).toString(),
                "--home", dir.resolve("home-" + upn).toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Rmsctl.execute(all.toArray(String[]::new), Map.of(), false, new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void revokeRefusesTheNextOpenWithItsReasonAndTrackShowsWhoAsked() throws Exception {
        Path report = Files.writeString(dir.resolve("report.txt"), "Quarterly numbers: 42\n");
        Run protect = as("alice@contoso.com", "protect", report.toString(), "--grant", "bob@contoso.com:VIEW,EXPORT");
        assertEquals(0, protect.code(), protect.toString());
        Path rmsp = dir.resolve("report.txt.rmsp");
        Run info = as("alice@contoso.com", "--json", "info", rmsp.toString());
        String contentId = (String) JSONObjectUtils.parse(info.out()).get("contentId");
        assertTrue(contentId != null && !contentId.isBlank(), info.toString());

        Path bobsCopy = dir.resolve("report-bob.txt");
        Run bobOpens = as("bob@contoso.com", "unprotect", rmsp.toString(), "-o", bobsCopy.toString());
        assertEquals(0, bobOpens.code(), bobOpens.toString());
        Files.delete(bobsCopy);

        // carol can neither track nor revoke alice's content
        Run carolTracks = as("carol@contoso.com", "track", contentId);
        assertEquals(1, carolTracks.code(), carolTracks.toString());
        assertTrue(carolTracks.err().contains("not_content_owner"), carolTracks.toString());
        assertEquals(1, as("carol@contoso.com", "revoke", contentId).code());

        // alice revokes it (by its content id; the file itself works too)
        Run revoke = as("alice@contoso.com", "revoke", contentId);
        assertEquals(0, revoke.code(), revoke.toString());
        assertTrue(revoke.out().contains("revoked by alice@contoso.com at "), revoke.toString());

        // bob is refused at once, told by whom and when, and gets no output file
        Run refused = as("bob@contoso.com", "unprotect", rmsp.toString(), "-o", bobsCopy.toString());
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(refused.err().contains("content_revoked"), refused.toString());
        assertTrue(refused.err().contains("was revoked by alice@contoso.com at "), refused.toString());
        assertFalse(Files.exists(bobsCopy), "no output after a refusal");

        // track lists who got and who was refused a license, and the revocation
        Run track = as("alice@contoso.com", "track", rmsp.toString());
        assertEquals(0, track.code(), track.toString());
        assertTrue(track.out().contains("revoked  by alice@contoso.com at "), track.toString());
        List<String> lines = track.out().lines().filter(l -> l.contains("AcquireLicense")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("granted") && l.contains("bob@contoso.com")),
                track.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("content_revoked") && l.contains("bob@contoso.com")),
                track.toString());
        Run trackJson = as("alice@contoso.com", "--json", "track", contentId);
        Map<String, Object> json = JSONObjectUtils.parse(trackJson.out());
        assertEquals("alice@contoso.com", json.get("owner"));
        assertEquals("alice@contoso.com", ((Map<?, ?>) json.get("revocation")).get("revokedBy"));

        // the global administrator lets super users through: bob is still refused
        Run allow = as("admin@contoso.com", "revoke", contentId, "--allow-super-users");
        assertEquals(0, allow.code(), allow.toString());
        assertTrue(allow.out().contains("super users still get licenses"), allow.toString());
        assertEquals(1, as("bob@contoso.com", "unprotect", rmsp.toString(), "-o", bobsCopy.toString()).code());

        // undone: bob opens it again
        Run undo = as("alice@contoso.com", "revoke", "--undo", contentId);
        assertEquals(0, undo.code(), undo.toString());
        Run again = as("bob@contoso.com", "unprotect", rmsp.toString(), "-o", bobsCopy.toString());
        assertEquals(0, again.code(), again.toString());
        assertEquals("Quarterly numbers: 42\n", Files.readString(bobsCopy));
    }

    @Test
    void aMalformedContentIdIsAUsageError() throws Exception {
        Run r = as("alice@contoso.com", "track", "not/a/content/id");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("not a content id"), r.toString());
    }
}

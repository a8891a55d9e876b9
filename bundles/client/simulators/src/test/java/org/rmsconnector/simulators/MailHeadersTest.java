package org.rmsconnector.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header section and address lists of real-looking messages, and clear refusals of broken ones. */
class MailHeadersTest {

    @TempDir
    Path dir;

    private static List<String> addresses(List<Mailbox> boxes) {
        return boxes.stream().map(Mailbox::address).toList();
    }

    @Test
    void foldedHeadersAndQuotedNamesWithCommas() throws Exception {
        String msg = "From: \"Alice A. Example\" <alice@contoso.com>\r\n"
                + "To: \"Smith, Bob\" <bob@contoso.com>,\r\n"
                + "\t\"Carol \\\"CJ\\\" Jones\" <carol@contoso.com>\r\n"
                + "Cc: dave@contoso.com (Dave, in a comment (nested)),\r\n"
                + "   BOB@contoso.com\r\n"
                + "Subject: Quarterly numbers,\r\n"
                + " folded\r\n"
                + "\r\n"
                + "To: mallory@evil.example\r\n";
        Path eml = Files.writeString(dir.resolve("m.eml"), msg);
        MailHeaders h = MailHeaders.read(eml);

        List<Mailbox> to = h.mailboxes("To");
        assertEquals(new Mailbox("Smith, Bob", "bob@contoso.com"), to.get(0));
        assertEquals(new Mailbox("Carol \"CJ\" Jones", "carol@contoso.com"), to.get(1));
        // bob appears twice (To and Cc, other case): once; the body's To: is not a header
        assertEquals(List.of("bob@contoso.com", "carol@contoso.com", "dave@contoso.com"), addresses(h.recipients()));
        assertEquals(new Mailbox("Alice A. Example", "alice@contoso.com"), h.sender().orElseThrow());
        assertEquals("Quarterly numbers, folded", h.values("subject").get(0));
    }

    @Test
    void groupsRoutesLiteralsAndRepeatedFields() throws Exception {
        MailHeaders h = MailHeaders.parse("From Mon Jan  1 00:00:00 2024\n" // mbox separator
                + "To: Finance team: alice@contoso.com, \"Bob\" <bob@contoso.com>;, undisclosed-recipients:;\n"
                + "To: <@relay.contoso.com:carol@contoso.com>\n"
                + "Cc: ops@[192.0.2.1], \"john doe\"@contoso.com\n");
        assertEquals(List.of("alice@contoso.com", "bob@contoso.com", "carol@contoso.com", "ops@[192.0.2.1]",
                "\"john doe\"@contoso.com"), addresses(h.recipients()));
    }

    @Test
    void aMessageWithoutBodyOrRecipients() throws Exception {
        Path eml = Files.writeString(dir.resolve("m.eml"), "From: alice@contoso.com\nSubject: nothing");
        MailHeaders h = MailHeaders.read(eml);
        assertTrue(h.recipients().isEmpty());
        assertEquals("alice@contoso.com", h.sender().orElseThrow().address());
    }

    @Test
    void eightBitHeadersDecode() throws Exception {
        Path utf8 = Files.write(dir.resolve("u.eml"), "To: Jürgen <j@contoso.com>\n\n".getBytes(StandardCharsets.UTF_8));
        Path latin1 = Files.write(dir.resolve("l.eml"),
                "To: Jürgen <j@contoso.com>\n\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Jürgen", MailHeaders.read(utf8).recipients().get(0).displayName());
        assertEquals("Jürgen", MailHeaders.read(latin1).recipients().get(0).displayName());
    }

    @Test
    void brokenHeadersAreRefusedWithWhereAndWhy() {
        MailFormatException quote = assertThrows(MailFormatException.class,
                () -> MailHeaders.parse("To: \"Bob <bob@contoso.com>\n").recipients());
        assertTrue(quote.getMessage().startsWith("To: a quoted string without its closing"), quote.getMessage());

        MailFormatException notField = assertThrows(MailFormatException.class,
                () -> MailHeaders.parse("From: a@b\nthis is not a header\n"));
        assertTrue(notField.getMessage().startsWith("line 2:"), notField.getMessage());

        MailFormatException continuation = assertThrows(MailFormatException.class,
                () -> MailHeaders.parse(" folded\nTo: a@b\n"));
        assertTrue(continuation.getMessage().contains("before the first header field"), continuation.getMessage());
    }

    @Test
    void wordsWithoutAnAddressAreNotAnAddress() {
        for (String bad : List.of("Bob Smith", "John Smith@contoso.com", "bob@contoso.com Bob", "<bob>",
                "<bob@contoso.com", "Team: a@contoso.com", "@contoso.com")) {
            MailFormatException e = assertThrows(MailFormatException.class,
                    () -> MailHeaders.parse("To: " + bad + "\n").recipients(), bad);
            assertTrue(e.getMessage().startsWith("To: "), e.getMessage());
        }
    }

    @Test
    void anEndlessHeaderSectionIsNotAMessage() throws IOException {
        Path big = dir.resolve("big.bin");
        Files.writeString(big, "X-Filler: " + "a".repeat(MailHeaders.MAX_HEADER_BYTES + 10));
        MailFormatException e = assertThrows(MailFormatException.class, () -> MailHeaders.read(big));
        assertTrue(e.getMessage().contains("not a mail message"), e.getMessage());
    }
}

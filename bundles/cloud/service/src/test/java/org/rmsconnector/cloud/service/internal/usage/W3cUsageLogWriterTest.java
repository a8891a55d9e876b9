package org.rmsconnector.cloud.service.internal.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rmsconnector.cloud.model.UsageRecord;

class W3cUsageLogWriterTest {

    private static final Instant AT = Instant.parse("2026-11-25T09:59:01.250Z");
    private static final UUID TEMPLATE = UUID.fromString("6f0d2c1e-9a57-4b8e-8a3f-0d5c2b1a9e77");

    @Test
    void writesDirectivesThenOneLinePerRecord() {
        UsageRecord full = new UsageRecord(AT, "AcquireLicense", "bob@contoso.com", "Success", "c0ffee", "doc-42",
                "alice@contoso.com", "alice@contoso.com", TEMPLATE, "CONTOSO\\EXCH01$", "node-1");
        UsageRecord sparse = new UsageRecord(AT, "Certify", null, "AccessDenied", null, null, null, null, null, null, null);
        StringWriter out = new StringWriter();

        new W3cUsageLogWriter("RMS Connector cloud 0.1.0").write(List.of(full, sparse), Instant.parse("2026-11-25T10:00:00Z"), out);

        assertEquals("""
                #Software: RMS Connector cloud 0.1.0
                #Version: 1.0
                #Date: 2026-11-25 10:00:00
                #Fields: date time request-type user-id result correlation-id content-id owner-email issuer template-id acting-as-user connector-id
                2026-11-25 09:59:01 AcquireLicense bob@contoso.com Success c0ffee doc-42 alice@contoso.com alice@contoso.com 6f0d2c1e-9a57-4b8e-8a3f-0d5c2b1a9e77 contoso\\exch01$ node-1
                2026-11-25 09:59:01 Certify - AccessDenied - - - - - - -
                """, out.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # case                    | value                | written
            plain                     | doc-42               | doc-42
            space                     | "Q3 report.docx"     | Q3%20report.docx
            percent sign first        | 100%                 | 100%25
            a lone hyphen is a value  | -                    | %2D
            empty is missing          | ""                   | -
            """)
    void escapesValuesSoEveryLineSplitsIntoItsFields(String description, String value, String written) {
        assertEquals(written, W3cUsageLogWriter.escape(value), description);
    }

    @Test
    void controlCharactersAndUnicodeSpacesAreEscapedAndReversible() {
        String hostile = "a\tb\nc\r\u0000d\u00a0e\u2028f\u200bg é";
        String escaped = W3cUsageLogWriter.escape(hostile);

        assertEquals("a%09b%0Ac%0D%00d%C2%A0e%E2%80%A8f%E2%80%8Bg%20é", escaped);
        assertEquals(hostile, W3cUsageLogWriter.unescape(escaped));
        assertNull(W3cUsageLogWriter.unescape("-"));
        assertEquals("-", W3cUsageLogWriter.unescape("%2D"));
    }

    @Test
    void aForgedLineBreakInAValueCannotStartANewRecord() {
        UsageRecord forged = new UsageRecord(AT, "Certify", "eve@contoso.com", "Success",
                "x\n2026-01-01 00:00:00 AcquireLicense admin@contoso.com Success", null, null, null, null, null, null);

        String line = W3cUsageLogWriter.line(forged);

        assertEquals(1, line.lines().count());
        String[] fields = line.split(" ");
        assertEquals(W3cUsageLogWriter.FIELDS.size(), fields.length, Arrays.toString(fields));
        assertEquals(forged.correlationId(), W3cUsageLogWriter.unescape(fields[5]));
    }
}

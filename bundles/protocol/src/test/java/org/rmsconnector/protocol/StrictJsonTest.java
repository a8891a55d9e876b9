package org.rmsconnector.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rmsconnector.protocol.Fixtures.assertRefused;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private static byte[] bytes(String before, int[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void readsWhatTheWriterWritesWithTheTypesTheRecordsExpect() throws Exception {
        Map<String, Object> m = StrictJson.parseObject(
                "{\"a\":1,\"b\":-2.5e3,\"c\":[true,false,null],\"d\":{\"e\":\"\\u00e9\\n\\\"\"},"
                        + "\"f\":12345678901234567890,\"g\":\"\ud83d\ude00\"}", "T");
        assertEquals(1L, m.get("a"));
        assertEquals(-2500.0, m.get("b"));
        assertEquals(java.util.Arrays.asList(true, false, null), m.get("c"));
        assertEquals("é\n\"", ((Map<?, ?>) m.get("d")).get("e"));
        assertEquals(1.2345678901234567e19, m.get("f"));
        assertEquals(List.of("a", "b", "c", "d", "f", "g"), List.copyOf(m.keySet()));
        m.put("added", "the caller may change the map");
        assertEquals("the caller may change the map", m.get("added"));
    }

    @Test
    void aDuplicateIsFoundAtAnyDepthAndNamedByItsPath() {
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject(
                "{\"a\":[{},{\"b\":{\"c\":1,\"c\":1}}]}", "T"));
        assertTrue(e.getMessage().startsWith("T.a[1].b.c: duplicate member name"), e.getMessage());
        e = assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject("{\"x\":null,\"x\":null}", "T"));
        assertTrue(e.getMessage().startsWith("T.x: duplicate member name"), e.getMessage());
    }

    @Test
    void anOddMemberNameIsShownQuotedAndPrintable() {
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject(
                "{\"a.b \\u0007\":1,\"a.b \\u0007\":2}", "T"));
        assertTrue(e.getMessage().startsWith("T[\"a.b \\u0007\"]: duplicate member name"), e.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNamingTheFieldThatHoldsThem() {
        int[][] bad = {
            {0xff},                  // never in UTF-8
            {0xc3},                  // a sequence cut short
            {0xc0, 0xaf},            // an overlong '/'
            {0xed, 0xa0, 0x80},      // an encoded surrogate (CESU-8)
            {0xf4, 0x90, 0x80, 0x80} // beyond U+10FFFF
        };
        for (int[] raw : bad) {
            byte[] body = bytes("{\"items\":[{\"publishingLicense\":\"a.b.c\"},{\"onBehalfOf\":\"bob", raw,
                    "\"}]}");
            ProtocolException e = assertRefused(Reason.MALFORMED, () -> StrictJson.text(body, "AcquireLicenseRequest"));
            assertTrue(e.getMessage().startsWith("AcquireLicenseRequest.items[1].onBehalfOf: not UTF-8: byte 58"),
                    e.getMessage());
        }
    }

    @Test
    void aByteOutsideAnyValueIsNamedByTheObjectAroundIt() {
        byte[] body = bytes("{\"a\":{", new int[] {0xfe}, "}}");
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject(body, "T"));
        assertTrue(e.getMessage().startsWith("T.a: not UTF-8: byte 6 (0xfe)"), e.getMessage());
    }

    @Test
    void wellFormedUtf8IsDecoded() throws Exception {
        assertEquals("{\"n\":\"Zoë \ud83d\ude00\"}",
                StrictJson.text("{\"n\":\"Zoë \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8), "T"));
    }

    @Test
    void numbersFollowTheGrammar() throws Exception {
        for (String bad : new String[] {"01", "-", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity", "1e999"}) {
            assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject("{\"n\":" + bad + "}", "T"));
        }
        assertEquals(0L, StrictJson.parseObject("{\"n\":-0}", "T").get("n"));
        assertEquals(1.5e-3, StrictJson.parseObject("{\"n\":1.5E-3}", "T").get("n"));
    }

    @Test
    void escapesAndControlCharactersFollowTheGrammar() throws Exception {
        for (String bad : new String[] {"\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"a\nb\"", "'a'", "\"a"}) {
            assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject("{\"s\":" + bad + "}", "T"));
        }
        assertEquals("/\b\f\r\t\\", StrictJson.parseObject("{\"s\":\"\\/\\b\\f\\r\\t\\\\\"}", "T").get("s"));
    }

    @Test
    void nestingIsBounded() throws Exception {
        String ok = "{\"a\":" + "[".repeat(StrictJson.MAX_DEPTH - 1) + "]".repeat(StrictJson.MAX_DEPTH - 1) + "}";
        assertNull(StrictJson.parseObject(ok, "T").get("b"));
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject(deep, "T"));
        assertTrue(e.getMessage().contains("nested deeper than " + StrictJson.MAX_DEPTH), e.getMessage());
    }

    @Test
    void lengthIsBounded() {
        String big = "{\"s\":\"" + "a".repeat(StrictJson.MAX_CHARS) + "\"}";
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject(big, "T"));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void syntaxErrorsSayWhereTheyAre() {
        ProtocolException e = assertRefused(Reason.MALFORMED, () -> StrictJson.parseObject(
                "{\"a\":{\"b\":[1 2]}}", "T"));
        assertTrue(e.getMessage().startsWith("T.a.b: ',' or ']' is expected, not '2' (at character 13)"),
                e.getMessage());
    }
}

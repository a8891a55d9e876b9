package org.rmsconnector.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Reading rendered pages as a browser would. */
final class Pages {
    private Pages() {
    }

    static Document parse(FakeHttp.Res res) {
        assertEquals(200, res.status, "status of " + res.body());
        return Jsoup.parse(res.body());
    }

    /** The hidden token of the first form that has one. */
    static String token(Document doc) {
        Element field = doc.selectFirst("input[name=csrf]");
        assertNotNull(field, "no csrf field on the page");
        return field.val();
    }

    /**
     * Nothing on the page runs: no script, no element the data could have opened, no event handler attribute; and
     * nothing for the Web Console's template filter ({@code ${...}}, {@code \$}) to rewrite.
     */
    static void assertInert(Document doc, String raw) {
        assertTrue(doc.select("script, img, iframe, object, embed").isEmpty(), "active element in " + raw);
        for (Element e : doc.getAllElements()) {
            for (Attribute a : e.attributes()) {
                assertFalse(a.getKey().toLowerCase().startsWith("on"), "event handler " + a + " in " + e);
                assertFalse(a.getValue().trim().toLowerCase().startsWith("javascript:"), "script URL in " + e);
            }
        }
        assertFalse(raw.contains("$"), "a raw $ reaches the console's template filter");
        assertFalse(raw.contains("\\"), "a raw backslash reaches the console's template filter");
    }
}

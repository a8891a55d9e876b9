package org.rmsconnector.commons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class CommonsTest {

    @Test
    void quotingEscapesWhatCouldEndALineAStringOrAScript() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001\"", JsonText.quote("a\"b\\c\nd\re\tf\u0001"));
        assertEquals("\"\\u003c/script\\u003e \\u0026 \\u2028\"", JsonText.quote("</script> & \u2028"));
        assertEquals("null", JsonText.quote(null));
    }

    @Test
    void aPlainRequestIdIsKeptAnythingElseReplaced() {
        assertEquals("probe-1:a.b_c", RequestIds.keepOrNew("probe-1:a.b_c"));
        String replaced = RequestIds.keepOrNew("two words");
        assertNotEquals("two words", replaced);
        assertEquals(36, replaced.length());
        assertEquals(36, RequestIds.keepOrNew("x".repeat(65)).length());
        assertEquals(36, RequestIds.keepOrNew(null).length());
    }

    @Test
    void theNodeNameIsTheSettingElseTheFrameworkPropertyElseTheHost() {
        assertEquals("node-a", NodeName.resolve(" node-a ", "node-b"));
        assertEquals("node-b", NodeName.resolve(" ", " node-b"));
        assertEquals(NodeName.hostName(), NodeName.resolve(null, null));
        assertFalse(NodeName.hostName().isBlank());
    }
}

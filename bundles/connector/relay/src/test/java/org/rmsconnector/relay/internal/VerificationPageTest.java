package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.rmsconnector.api.workload.Workload;

class VerificationPageTest {

    @Test
    void aHostileNodeNameIsShownAsText() {
        String page = VerificationPage.render("<script>alert(1)</script>", "1.0.0", Set.of(Workload.FCI), true);
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
    }

    @Test
    void namesWhatIsServed() {
        String page = VerificationPage.render("node-a", "1.2.3", Set.of(Workload.FCI), true);
        assertTrue(page.contains("<td id=\"node\">node-a</td>"));
        assertTrue(page.contains("<td id=\"version\">1.2.3</td>"));
        assertTrue(page.contains("<tr><td>fci</td><td>served</td></tr>"));
        assertTrue(page.contains("<tr><td>exchange</td><td>not available</td></tr>"));
    }
}

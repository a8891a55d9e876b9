package org.rmsconnector.simulators;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which names and texts a rule selects, and how a bad rule is refused. */
class ClassificationRuleTest {

    @Test
    void aGlobWithoutSlashMatchesTheNameAtAnyDepth() {
        ClassificationRule r = ClassificationRule.of(List.of("*.docx", "*.xlsx"), null);
        assertTrue(r.selectsName(Path.of("a.docx")));
        assertTrue(r.selectsName(Path.of("deep/er/b.xlsx")));
        assertFalse(r.selectsName(Path.of("c.docx.bak")));
        assertFalse(r.needsContent());
        assertTrue(r.selectsText("anything"));
    }

    @Test
    void aGlobWithSlashMatchesTheRelativePath() {
        ClassificationRule r = ClassificationRule.of(List.of("finance/**"), null);
        assertTrue(r.selectsName(Path.of("finance/2024/q1.xlsx")));
        assertFalse(r.selectsName(Path.of("hr/finance.xlsx")));
    }

    @Test
    void contentIsSearchedNotMatchedWhole() {
        ClassificationRule r = ClassificationRule.of(List.of(), "(?i)confidential|\\b\\d{3}-\\d{2}-\\d{4}\\b");
        assertTrue(r.needsContent());
        assertTrue(r.selectsName(Path.of("any.name")));
        assertTrue(r.selectsText("This is CONFIDENTIAL.\n"));
        assertTrue(r.selectsText("SSN 123-45-6789 here"));
        assertFalse(r.selectsText("public notes"));
    }

    @Test
    void bothPartsMustSelect() {
        ClassificationRule r = ClassificationRule.of(List.of("*.docx"), "secret");
        assertTrue(r.selectsName(Path.of("x.docx")) && r.selectsText("a secret"));
        assertFalse(r.selectsName(Path.of("x.txt")));
        assertFalse(r.selectsText("public"));
    }

    @Test
    void badRulesAreRefusedByName() {
        IllegalArgumentException regex = assertThrows(IllegalArgumentException.class,
                () -> ClassificationRule.of(List.of(), "(unclosed"));
        assertTrue(regex.getMessage().contains("'(unclosed' is not a regular expression"), regex.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ClassificationRule.of(List.of(), null));
        assertTrue(none.getMessage().contains("needs a content pattern, an include glob, or both"));
        assertThrows(IllegalArgumentException.class, () -> ClassificationRule.of(List.of(" "), null));
        assertThrows(IllegalArgumentException.class, () -> ClassificationRule.of(List.of(), ""));
        IllegalArgumentException glob = assertThrows(IllegalArgumentException.class,
                () -> ClassificationRule.of(List.of("[a-"), null));
        assertTrue(glob.getMessage().startsWith("include glob '[a-'"), glob.getMessage());
    }
}

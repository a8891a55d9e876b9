package org.rmsconnector.relay.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class EventJournalTest {

    @Test
    void aHostileValueCannotForgeALineOrAField() {
        String quoted = Json.quote("evil\" event=1004 level=INFO\nevent=1000");
        assertFalse(quoted.contains("\n"));
        assertEquals("\"evil\\\" event=1004 level=INFO\\nevent=1000\"", quoted);
    }
}

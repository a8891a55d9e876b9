package org.rmsconnector.rmsctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void redrawsOneLineThrottledAndAlwaysShowsTheEnd() {
        StringWriter w = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(w), "protecting big.iso");
        long total = 10L * 1024 * 1024;
        for (long done = 65_536; done < total; done += 65_536) {
            p.update(done, total);
        }
        p.update(total, total);
        p.end();
        String s = w.toString();
        long redraws = s.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 2 && redraws < 20, "throttled, first and last drawn: " + redraws);
        assertTrue(s.contains("protecting big.iso 100% 10.0 MB / 10.0 MB"), s);
        assertTrue(s.endsWith(System.lineSeparator()), "the line is ended");
    }

    @Test
    void drawsNothingWhenNeverUpdated() {
        StringWriter w = new StringWriter();
        new ConsoleProgress(new PrintWriter(w), "x").end();
        assertEquals("", w.toString());
    }
}

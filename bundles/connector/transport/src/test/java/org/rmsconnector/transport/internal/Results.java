package org.rmsconnector.transport.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/** The messages of a health-check result, for assertions. */
public final class Results {

    private Results() {
    }

    public static String text(Result r) {
        List<String> lines = new ArrayList<>();
        for (ResultLog.Entry e : r) {
            lines.add(e.getStatus() + " " + e.getMessage());
        }
        return String.join("\n", lines);
    }
}

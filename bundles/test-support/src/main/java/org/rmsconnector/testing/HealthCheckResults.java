package org.rmsconnector.testing;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/** The messages of a Felix health-check result, one line each, for assertions and their failure messages. */
public final class HealthCheckResults {

    private HealthCheckResults() {
    }

    public static String text(Result r) {
        List<String> lines = new ArrayList<>();
        for (ResultLog.Entry e : r) {
            lines.add(e.getStatus() + " " + e.getMessage());
        }
        return String.join("\n", lines);
    }
}

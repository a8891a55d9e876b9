package org.rmsconnector.relay.internal;

import java.util.Set;

import org.owasp.encoder.Encode;
import org.rmsconnector.api.workload.Workload;

/**
 * The page administrators open to check an install, as with the reference's
 * {@code /_wmcs/certification/servercertification.asmx}. Every value is escaped: the node name comes from
 * configuration.
 */
final class VerificationPage {
    private VerificationPage() {
    }

    static String render(String node, String version, Set<Workload> served, boolean ready) {
        StringBuilder rows = new StringBuilder();
        for (Workload w : Workload.values()) {
            rows.append("<tr><td>").append(Encode.forHtml(w.id())).append("</td><td>")
                    .append(served.contains(w) ? "served" : "not available").append("</td></tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>RMS Connector - Server Certification</title></head>
                <body>
                <h1>RMS Connector</h1>
                <p>The rights management connector's certification endpoint is working.</p>
                <p id="status">%s</p>
                <table>
                <tr><th>Service</th><td>RMS Connector server certification</td></tr>
                <tr><th>Node</th><td id="node">%s</td></tr>
                <tr><th>Version</th><td id="version">%s</td></tr>
                </table>
                <h2>Workloads</h2>
                <table>
                %s</table>
                </body></html>
                """.formatted(ready ? "Ready: this node serves relayed requests."
                        : "Not ready: this node cannot serve relayed requests yet, or it is draining; /health says why.",
                        Encode.forHtml(node), Encode.forHtml(version), rows);
    }
}

package org.rmsconnector.rmsctl.admin;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rmsconnector.rmsctl.exit.ExitCodes;
import org.rmsconnector.rmsctl.adminclient.AdminApiException;
import org.rmsconnector.rmsctl.adminclient.AdminResponse;
import org.rmsconnector.rmsctl.adminclient.TlsProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rmsctl doctor}: checks from here that the connector answers over TLS 1.2+ with a trusted certificate for
 * the URL's host, then runs the connector's own checks ({@code GET /admin/api/doctor}). The password is sent only
 * once the first checks passed, so it never goes to a server that is not verified.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Checks a connector: from here, TLS 1.2+ with a trusted certificate naming the URL's host; "
                + "then the connector's own checks (cloud, clock, credentials, nodes, authorization, HTTPS "
                + "certificate, placement). Each finding prints with its status and fix. Needs the Web Console's "
                + "user (--user, default admin) and password (--password-file or $RMS_ADMIN_PASSWORD).",
        footerHeading = "%n",
        footer = "Exit codes: 0 nothing worse than WARN, 1 a check failed (CRITICAL or worse, or the certificate "
                + "cannot be verified), 2 usage error, 3 the connector cannot be reached or is unavailable, "
                + "4 no or wrong credentials.")
public final class DoctorCommand implements Callable<Integer> {

    static final String SOURCE = "rmsctl";
    static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Spec
    CommandSpec spec;

    @Option(names = "--connector", paramLabel = "URL",
            description = "The connector, https://HOST:8443 (default: $RMS_CONNECTOR_URL).")
    String connector;

    @Option(names = "--insecure",
            description = "Go on when the certificate, though trusted, names another host (the mismatch is then a "
                    + "WARN). It does not make an untrusted certificate acceptable: use --trust-cert for that.")
    boolean insecure;

    @Option(names = "--allow-http", description = "Send the password over plain http:// anyway (tests only).")
    boolean allowHttp;

    @Override
    public Integer call() {
        AdminSession session = AdminSession.of(spec.commandLine(), connector, allowHttp, true);
        List<Finding> findings = new ArrayList<>();
        boolean secure = "https".equalsIgnoreCase(session.connector().getScheme());
        boolean checkHostName = true;
        if (secure) {
            TlsProbe.Result probe;
            try {
                probe = TlsProbe.probe(session.connector(), session.trust(), Duration.ofSeconds(10));
            } catch (IOException e) {
                findings.add(new Finding("connector reachable", Finding.CRITICAL, "cannot connect to "
                        + session.connector() + ": " + e, SOURCE, "start the connector, or check the host, port "
                        + "(8443 by default) and the firewall"));
                return finish(session, findings, null, ExitCodes.UNAVAILABLE);
            }
            findings.addAll(tlsFindings(session, probe));
            if (findings.stream().anyMatch(Finding::failed)) {
                session.err().println("rmsctl: the connector's own checks were not run: its certificate is not "
                        + "verified, so the password is not sent");
                return finish(session, findings, null, ExitCodes.FAILED);
            }
            checkHostName = probe.nameMatches();
        } else {
            findings.add(new Finding("connector TLS", Finding.CRITICAL, "the URL is plain http://, which the admin "
                    + "API refuses and on-premises servers must not use", SOURCE,
                    "use https://" + session.connector().getRawAuthority().replaceFirst(":\\d+$", "") + ":8443"));
        }
        AdminResponse response;
        try {
            response = session.client(true, checkHostName, TIMEOUT).get("/doctor", null);
        } catch (AdminApiException e) {
            findings.add(new Finding("connector checks", Finding.CRITICAL, "the connector did not run its checks: "
                    + e.getMessage(), SOURCE, null));
            printFindings(session, findings, null);
            return session.report(e, false);
        }
        Map<String, Object> answer = Json.parse(response);
        Json.objects(answer, "findings").forEach(f -> findings.add(Finding.of(f)));
        boolean ok = Boolean.TRUE.equals(answer.get("ok")) && findings.stream().noneMatch(Finding::failed);
        return finish(session, findings, answer, ok ? 0 : ExitCodes.FAILED);
    }

    private List<Finding> tlsFindings(AdminSession session, TlsProbe.Result probe) {
        List<Finding> out = new ArrayList<>();
        String host = session.connector().getHost();
        if (probe.protocol() == null) {
            out.add(new Finding("connector TLS", Finding.CRITICAL, probe.handshakeProblem(), SOURCE,
                    "the connector must offer TLS 1.2 or 1.3 on its HTTPS port; check etc/org.apache.felix.http.cfg"
                            + " and that the URL's port is the HTTPS port"));
            return out;
        }
        out.add(new Finding("connector TLS", Finding.OK, probe.protocol(), SOURCE, null));
        X509Certificate cert = probe.certificate();
        String subject = cert == null ? "no certificate" : cert.getSubjectX500Principal().getName() + ", valid until "
                + cert.getNotAfter().toInstant();
        if (probe.trustProblem() != null) {
            out.add(new Finding("connector certificate trusted", Finding.CRITICAL, "not trusted: "
                    + probe.trustProblem() + " (" + subject + (probe.selfSigned() ? ", self-signed" : "") + ")",
                    SOURCE, "trust it: --trust-cert FILE.pem (the connector's certificate), or --trust-store "
                            + "data/tls/connector.p12 --trust-store-password-file data/tls-password of the install "
                            + "(bin/rmsctl does that itself when run there); servers need it imported too"));
        } else {
            out.add(new Finding("connector certificate trusted", Finding.OK, subject
                    + (session.trust().jvmDefault() ? " (by the JVM's CAs)" : " (by --trust-store/--trust-cert)"),
                    SOURCE, null));
        }
        if (probe.nameMatches()) {
            out.add(new Finding("connector certificate name", Finding.OK, "names " + host, SOURCE, null));
        } else {
            String names = probe.names().isEmpty() ? "no name" : String.join(", ", probe.names());
            out.add(new Finding("connector certificate name", insecure ? Finding.WARN : Finding.CRITICAL,
                    "the certificate names " + names + ", not " + host + "; servers calling " + host + " refuse it",
                    SOURCE, "call the connector by a name the certificate holds (e.g. https://"
                            + (probe.names().isEmpty() ? "NAME" : probe.names().get(0)) + ":" + port(session)
                            + "), or give the connector a certificate for " + host
                            + " (org.apache.felix.https.keystore in etc/org.apache.felix.http.cfg)"
                            + (insecure ? "" : "; --insecure runs the remaining checks anyway")));
        }
        return out;
    }

    private static int port(AdminSession session) {
        int p = session.connector().getPort();
        return p > 0 ? p : 443;
    }

    private int finish(AdminSession session, List<Finding> findings, Map<String, Object> answer, int code) {
        printFindings(session, findings, answer);
        return code;
    }

    private void printFindings(AdminSession session, List<Finding> findings, Map<String, Object> answer) {
        if (session.json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ok", findings.stream().noneMatch(Finding::failed)
                    && (answer == null || Boolean.TRUE.equals(answer.get("ok"))));
            out.put("connector", session.connector().toString());
            List<Object> all = new ArrayList<>();
            findings.forEach(f -> all.add(f.toJson()));
            out.put("findings", all);
            session.out().println(JSONObjectUtils.toJSONString(out));
        } else {
            print(session.out(), findings);
        }
        session.out().flush();
    }

    static void print(PrintWriter out, List<Finding> findings) {
        int width = Math.max(Finding.CRITICAL.length(),
                findings.stream().mapToInt(f -> Table.clean(f.status()).length()).max().orElse(0));
        for (Finding f : findings) {
            String check = f.source() == null ? f.check() : f.check() + " (rmsctl)";
            out.printf("%-" + width + "s  %s: %s%n", Table.clean(f.status()), Table.clean(check),
                    Table.clean(f.message()));
            if (f.fix() != null) {
                out.printf("%-" + width + "s    fix: %s%n", "", Table.clean(f.fix()));
            }
        }
        long failed = findings.stream().filter(Finding::failed).count();
        long warned = findings.stream().filter(f -> Finding.WARN.equals(f.status())).count();
        out.println(failed == 0 ? "doctor: ok (" + warned + " warning" + (warned == 1 ? "" : "s") + ")"
                : "doctor: " + failed + " failed, " + warned + " warning" + (warned == 1 ? "" : "s"));
    }
}

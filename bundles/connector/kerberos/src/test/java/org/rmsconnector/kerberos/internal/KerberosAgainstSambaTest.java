package org.rmsconnector.kerberos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.api.auth.AuthenticationException;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.auth.Credentials;
import org.rmsconnector.testing.Configs;
import org.rmsconnector.testing.SambaDc;

import com.sun.net.httpserver.HttpServer;

/**
 * The authenticator against real tickets from a real Active Directory KDC (Samba, {@link SambaDc}): the computer
 * accounts EXCH01$, SP01$ and FS01$ log in from their exported keytabs, as domain-joined Linux servers do, and send
 * SPNEGO tokens for the connector's SPN; the connector checks them with its own exported keytab.
 */
class KerberosAgainstSambaTest {
    private static final String REALM = "RMSTEST.LAN";
    private static final String SPN = "HTTP/rms.rmstest.lan";
    private static final String SERVICE = SPN + "@" + REALM;

    @TempDir
    static Path tmp;
    private static SambaDc dc;
    private static KerberosAuthenticator kerberos;
    private static final Map<String, Path> KEYTABS = new java.util.HashMap<>();
    private static Path otherServiceKeytab;

    @BeforeAll
    static void startDomain() throws Exception {
        dc = SambaDc.start(tmp, REALM, "RMSTEST");
        Path serviceKeytab = dc.createServiceAccount("svc-rms", SPN);
        otherServiceKeytab = dc.createServiceAccount("svc-other", "HTTP/other.rmstest.lan");
        for (String computer : List.of("EXCH01", "SP01", "FS01")) {
            KEYTABS.put(computer, dc.createComputer(computer));
        }
        kerberos = new KerberosAuthenticator(Configs.of(KerberosConfiguration.class, Map.of("principal", SERVICE,
                "keytab.path", serviceKeytab.toString(), "krb5.conf", dc.krb5Conf().toString())));
    }

    @AfterAll
    static void stopDomain() throws Exception {
        if (dc != null) {
            dc.close();
        }
    }

    private static Credentials request(String authorization) {
        return new Credentials(List.of(), Map.of("authorization", List.of(authorization)), "127.0.0.9", true);
    }

    private static String ticketOf(String computer, String service) throws Exception {
        return TestInitiator.login(KEYTABS.get(computer), computer + "$@" + REALM).negotiate(service);
    }

    @Test
    void eachComputerAccountIsAuthenticatedAsItsAccount() throws Exception {
        assertEquals(Optional.of("Negotiate"), kerberos.challenge());
        for (String computer : List.of("EXCH01", "SP01", "FS01")) {
            Caller caller = kerberos.authenticate(request(ticketOf(computer, SERVICE))).orElseThrow();
            assertEquals(computer + "$", caller.account());
            assertEquals("kerberos", caller.mechanism());
            assertEquals("127.0.0.9", caller.remoteAddress());
        }
    }

    @Test
    void aReplayedTokenIsRefused() throws Exception {
        String token = ticketOf("EXCH01", SERVICE);
        assertEquals("EXCH01$", kerberos.authenticate(request(token)).orElseThrow().account());
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> kerberos.authenticate(request(token)));
        assertTrue(e.getMessage().contains("replay"), e.getMessage());
    }

    @Test
    void aTicketForAnotherServiceIsRefused() throws Exception {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> kerberos.authenticate(request(ticketOf("SP01", "HTTP/other.rmstest.lan@" + REALM))));
        assertTrue(e.getMessage().contains("not a ticket for this connector's service principal " + SERVICE),
                e.getMessage());
    }

    @Test
    void aServiceWhoseKeytabHoldsAnotherSpnRefusesOurTickets() {
        KerberosAuthenticator wrong = new KerberosAuthenticator(Configs.of(KerberosConfiguration.class, Map.of(
                "principal", SERVICE, "keytab.path", otherServiceKeytab.toString())));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> wrong.authenticate(request("Negotiate YIIB")));
        assertTrue(e.getMessage().contains("holds no key for " + SERVICE), e.getMessage());
    }

    /**
     * A server whose clock runs ten minutes ahead (libfaketime around MIT's curl, with the service ticket fetched
     * beforehand on the true clock, so only the authenticator carries the wrong time): refused as clock skew.
     */
    @Test
    void anAuthenticatorFromAClockTenMinutesAheadIsRefusedAsClockSkew() throws Exception {
        Path faketime = Path.of("/usr/bin/faketime");
        assertTrue(Files.isExecutable(faketime), "install faketime (.ci/run does) for the clock-skew test");
        Map<String, String> env = Map.of("KRB5_CONFIG", dc.krb5Conf().toString(), "KRB5CCNAME",
                "FILE:" + tmp.resolve("skew.ccache"));
        exec(env, "kinit", "-k", "-t", KEYTABS.get("FS01").toString(), "FS01$@" + REALM);
        exec(env, "kvno", SERVICE);
        String header = negotiateFromCurl(env, faketime.toString(), "-f", "+600");
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> kerberos.authenticate(request(header)));
        assertTrue(e.getMessage().contains("the client's clock and this node's differ by more than the allowed skew"),
                e.getMessage());
    }

    /** The Authorization header MIT's curl sends to a server that asks for Negotiate, as {@code rms.rmstest.lan}. */
    private static String negotiateFromCurl(Map<String, String> env, String... prefix) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicReference<String> seen = new AtomicReference<>();
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
            } else {
                seen.set(authorization);
            }
            exchange.sendResponseHeaders(authorization == null ? 401 : 200, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            List<String> command = new ArrayList<>(List.of(prefix));
            command.addAll(List.of("curl", "-s", "-o", "/dev/null", "--max-time", "20", "--negotiate", "-u", ":",
                    "--resolve", "rms.rmstest.lan:" + port + ":127.0.0.1", "http://rms.rmstest.lan:" + port + "/"));
            exec(env, command.toArray(String[]::new));
        } finally {
            server.stop(0);
        }
        assertNotNull(seen.get(), "curl sent no Negotiate token");
        return seen.get();
    }

    private static void exec(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "cmd", ".out");
        Process p = pb.redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command[0] + " did not finish within 60 s");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + Files.readString(out));
    }

    @Test
    void anNtlmTokenIsRefused() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> kerberos.authenticate(request("Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==")));
        assertTrue(e.getMessage().startsWith("NTLM is not accepted"), e.getMessage());
    }

    @Test
    void garbageInsideNegotiateIsRefusedWithTheReason() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> kerberos.authenticate(request("Negotiate YIIBAAAAAAAAAAAAAAA=")));
        assertTrue(e.getMessage().startsWith("Kerberos ticket refused"), e.getMessage());
    }
}

package org.rmsconnector.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Active Directory domain controller for tests: Debian's Samba ({@code samba}, {@code samba-tool}), provisioned
 * into a temporary folder as a throw-away domain, serving LDAP (389), LDAPS (636) and the KDC (88) on 127.0.0.1 only,
 * and torn down by {@link #close} (the process killed, the folder deleted).
 *
 * <p>The Kerberos side does not depend on DNS: {@link #krb5Conf()} names the KDC by address, with
 * {@code dns_lookup_kdc}, {@code dns_lookup_realm} and {@code rdns} off, so a JVM given
 * {@code -Djava.security.krb5.conf} and MIT's tools given {@code KRB5_CONFIG} both find it. The DC needs root (it
 * binds ports below 1024) and the ports free; {@link #start} says so clearly when they are not.
 *
 * <p>Accounts are made with {@code samba-tool} against the DC's own database. Keys: the JDK (17) refuses RC4 by
 * default, so every account this class makes has {@code msDS-SupportedEncryptionTypes} AES only (24), and the
 * keytabs it exports hold AES keys.
 */
public final class SambaDc implements AutoCloseable {
    /** The domain administrator's password (throw-away domain, loopback only). */
    public static final String ADMIN_PASSWORD = "Adm1n-Pass.42";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int[] PORTS = {88, 389, 636};

    private final Path dir;
    private final String realm;
    private final String domain;
    private final Path smbConf;
    private final Path krb5Conf;
    private Process samba;

    private SambaDc(Path dir, String realm, String domain) {
        this.dir = dir;
        this.realm = realm;
        this.domain = domain;
        this.smbConf = dir.resolve("etc/smb.conf");
        this.krb5Conf = dir.resolve("krb5.conf");
    }

    /**
     * Provisions the domain {@code realm} (e.g. {@code RMSTEST.LAN}, NetBIOS name {@code domain}) in a new folder
     * under {@code parent} and starts its DC; returns once LDAP and the KDC answer.
     */
    public static SambaDc start(Path parent, String realm, String domain) throws IOException, InterruptedException {
        for (String tool : List.of("/usr/sbin/samba", "/usr/bin/samba-tool", "/usr/bin/python3", "/usr/bin/openssl")) {
            if (!Files.isExecutable(Path.of(tool))) {
                throw new IllegalStateException(tool + " is missing: install Debian's samba, krb5-user and winbind"
                        + " (.ci/run does) to run the Active Directory tests");
            }
        }
        for (int port : PORTS) {
            requireFree(port);
        }
        Path dir = Files.createTempDirectory(parent, "samba-dc-");
        SambaDc dc = new SambaDc(dir, realm.toUpperCase(Locale.ROOT), domain.toUpperCase(Locale.ROOT));
        try {
            dc.provision();
            dc.launch();
            return dc;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            dc.close();
            throw e;
        }
    }

    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is not free (" + e.getMessage() + "):"
                    + " the Samba domain controller needs 88 (Kerberos), 389 (LDAP) and 636 (LDAPS), and root to bind"
                    + " them; stop what listens there (ss -ltnp 'sport = :" + port + "') or run as root");
        }
    }

    private void provision() throws IOException, InterruptedException {
        run(List.of("samba-tool", "domain", "provision", "--use-rfc2307", "--realm=" + realm, "--domain=" + domain,
                "--server-role=dc", "--dns-backend=NONE", "--host-name=DC1", "--host-ip=127.0.0.1",
                "--adminpass=" + ADMIN_PASSWORD, "--targetdir=" + dir,
                "--option=interfaces=lo", "--option=bind interfaces only=yes",
                // only what the tests use: no SMB file server, no RPC, no NetBIOS, no DNS updates
                "--option=server services=ldap kdc",
                "--option=log file=" + dir.resolve("log.samba")));
        // the connector and the cloud's import read the directory with a simple bind: over ldaps:// in production;
        // the tests also bind on ldap:// (a throw-away domain on loopback), which Samba refuses by default. The
        // provisioning does not write this option, so it goes into smb.conf here
        // LDAPS with a certificate for the address the tests use (Samba's own is for DC1.<domain>, which no DNS
        // resolves here): a self-signed one for 127.0.0.1 and localhost, trusted through tlsTrustStore()
        Path tls = Files.createDirectories(dir.resolve("tls"));
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", tls.resolve("key.pem").toString(),
                "-out", tls.resolve("cert.pem").toString()));
        Files.setPosixFilePermissions(tls.resolve("key.pem"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rw-------"));
        String smb = Files.readString(smbConf);
        Files.writeString(smbConf, smb.replaceFirst("\\[global\\]\n", "[global]\n"
                + "\tldap server require strong auth = no\n"
                + "\ttls enabled = yes\n"
                + "\ttls keyfile = " + tls.resolve("key.pem") + "\n"
                + "\ttls certfile = " + tls.resolve("cert.pem") + "\n"
                + "\ttls cafile = \n"));
        String conf = "[libdefaults]\n"
                + "    default_realm = " + realm + "\n"
                + "    dns_lookup_kdc = false\n"
                + "    dns_lookup_realm = false\n"
                + "    rdns = false\n"
                + "    dns_canonicalize_hostname = false\n"
                + "    udp_preference_limit = 1\n"
                + "[realms]\n"
                + "    " + realm + " = {\n"
                + "        kdc = 127.0.0.1:88\n"
                + "    }\n"
                + "[domain_realm]\n"
                + "    ." + dnsDomain() + " = " + realm + "\n"
                + "    " + dnsDomain() + " = " + realm + "\n";
        Files.writeString(krb5Conf, conf);
    }

    private void launch() throws IOException, InterruptedException {
        samba = new ProcessBuilder("/usr/sbin/samba", "-i", "-M", "single", "--configfile=" + smbConf)
                .redirectErrorStream(true).redirectOutput(dir.resolve("samba.out").toFile()).start();
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int port : PORTS) {
            while (!answers(port)) {
                if (!samba.isAlive()) {
                    throw new IllegalStateException("samba exited with " + samba.exitValue() + " before serving: "
                            + tail(dir.resolve("samba.out")));
                }
                if (System.nanoTime() - end > 0) {
                    throw new IllegalStateException("samba does not answer on 127.0.0.1:" + port + " within "
                            + START_TIMEOUT + ": " + tail(dir.resolve("samba.out")));
                }
                Thread.sleep(100);
            }
        }
        // the KDC listens before it can issue tickets: wait until the administrator gets one
        while (true) {
            Result r = exec(List.of("kinit", "Administrator@" + realm), ADMIN_PASSWORD + "\n", Duration.ofSeconds(10),
                    List.of("KRB5CCNAME=FILE:" + dir.resolve("admin.ccache")));
            if (r.exit() == 0) {
                break;
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException("the KDC of " + realm + " issues no ticket within " + START_TIMEOUT
                        + ": " + r.output());
            }
            Thread.sleep(200);
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String realm() {
        return realm;
    }

    /** The NetBIOS domain, e.g. {@code RMSTEST}. */
    public String domain() {
        return domain;
    }

    /** The DNS domain, the realm in lower case. */
    public String dnsDomain() {
        return realm.toLowerCase(Locale.ROOT);
    }

    /** {@code DC=rmstest,DC=lan}. */
    public String baseDn() {
        return "DC=" + String.join(",DC=", dnsDomain().split("\\."));
    }

    public String ldapUrl() {
        return "ldap://127.0.0.1:389";
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:636";
    }

    /** The bind DN of the domain administrator, with {@link #ADMIN_PASSWORD}. */
    public String adminDn() {
        return "CN=Administrator,CN=Users," + baseDn();
    }

    /** The PEM certificate of the LDAPS listener (self-signed, for 127.0.0.1 and localhost). */
    public Path tlsCertificate() {
        return dir.resolve("tls/cert.pem");
    }

    /** A PKCS#12 trust store holding {@link #tlsCertificate()}, with the password {@code password}. */
    public Path tlsTrustStore(String password) throws IOException {
        Path store = dir.resolve("tls/trust.p12");
        try (var in = Files.newInputStream(tlsCertificate()); var out = Files.newOutputStream(store)) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("samba-dc", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
            ks.store(out, password.toCharArray());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot make a trust store of " + tlsCertificate() + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** A krb5.conf that finds this KDC at 127.0.0.1 without DNS. */
    public Path krb5Conf() {
        return krb5Conf;
    }

    /** The folder of this DC (its database, logs, exported keytabs). */
    public Path dir() {
        return dir;
    }

    /**
     * A computer account {@code NAME$} with a random password, enabled, AES keys; returns its exported keytab
     * (principal {@code NAME$@REALM}).
     */
    public Path createComputer(String name) throws IOException, InterruptedException {
        String sam = name.toUpperCase(Locale.ROOT) + "$";
        tool("computer", "create", name.toUpperCase(Locale.ROOT));
        tool("user", "setpassword", sam, "--newpassword=" + password());
        tool("user", "enable", sam);
        aesOnly("CN=" + name.toUpperCase(Locale.ROOT) + ",CN=Computers," + baseDn());
        return exportKeytab(sam, dir.resolve("keytabs/" + name.toLowerCase(Locale.ROOT) + ".keytab"));
    }

    /**
     * A user account used as a service account, holding {@code spn} (e.g. {@code HTTP/rms.rmstest.lan}); returns
     * the keytab with the SPN's keys (principal {@code spn@REALM}), the one every connector node shares.
     */
    public Path createServiceAccount(String sam, String spn) throws IOException, InterruptedException {
        tool("user", "create", sam, password());
        tool("spn", "add", spn, sam);
        aesOnly("CN=" + sam + ",CN=Users," + baseDn());
        return exportKeytab(spn, dir.resolve("keytabs/" + sam + ".keytab"));
    }

    /** A user account with {@code password}. */
    public void createUser(String sam, String password) throws IOException, InterruptedException {
        tool("user", "create", sam, password);
        aesOnly("CN=" + sam + ",CN=Users," + baseDn());
    }

    public void createGroup(String name) throws IOException, InterruptedException {
        tool("group", "add", name);
    }

    /** Adds accounts ({@code EXCH01$}, {@code alice}) or groups to {@code group}. */
    public void addMembers(String group, String... members) throws IOException, InterruptedException {
        tool("group", "addmembers", group, String.join(",", members));
    }

    public void removeMembers(String group, String... members) throws IOException, InterruptedException {
        tool("group", "removemembers", group, String.join(",", members));
    }

    /** The keys of {@code principal} (an account name or an SPN) into a new keytab file. */
    public Path exportKeytab(String principal, Path keytab) throws IOException, InterruptedException {
        Files.createDirectories(keytab.getParent());
        Files.deleteIfExists(keytab);
        tool("domain", "exportkeytab", keytab.toString(), "--principal=" + principal);
        if (!Files.isRegularFile(keytab) || Files.size(keytab) == 0) {
            throw new IllegalStateException("samba-tool exported no keys for " + principal + " into " + keytab);
        }
        return keytab;
    }

    /** Runs {@code samba-tool ARGS --configfile=…} against this DC; fails with its output when it fails. */
    public String tool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("samba-tool");
        command.addAll(List.of(args));
        command.add("--configfile=" + smbConf);
        return run(command);
    }

    /** AES keys only (the JDK refuses RC4): msDS-SupportedEncryptionTypes = 24, written to the DC's database. */
    private void aesOnly(String dn) throws IOException, InterruptedException {
        String script = String.join("\n",
                "import sys",
                "from samba.samdb import SamDB",
                "from samba.param import LoadParm",
                "from samba.auth import system_session",
                "lp = LoadParm(); lp.load(sys.argv[1])",
                "db = SamDB(url=lp.private_path('sam.ldb'), session_info=system_session(), lp=lp)",
                "db.modify_ldif('dn: ' + sys.argv[2] + '\\nchangetype: modify\\n"
                        + "replace: msDS-SupportedEncryptionTypes\\nmsDS-SupportedEncryptionTypes: 24\\n')");
        // Debian's python, which has Samba's modules (another python3 may come first on the PATH)
        run(List.of("/usr/bin/python3", "-c", script, smbConf.toString(), dn));
    }

    private static String password() {
        return "Pw-" + java.util.UUID.randomUUID() + "-x9";
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Result r = exec(command, null, COMMAND_TIMEOUT, List.of());
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                    + " failed (exit " + r.exit() + "): " + r.output());
        }
        return r.output();
    }

    private record Result(int exit, String output) {
    }

    private Result exec(List<String> command, String input, Duration timeout, List<String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("KRB5_CONFIG", krb5Conf.toString());
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        Path out = Files.createTempFile(dir, "cmd-", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " " + (command.size() > 1 ? command.get(1) : "")
                    + " did not finish within " + timeout + ": " + tail(out));
        }
        String text = Files.readString(out);
        Files.delete(out);
        return new Result(p.exitValue(), text.strip());
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the DC (and waits for it, with a deadline) and deletes its folder. */
    @Override
    public void close() throws InterruptedException {
        if (samba != null && samba.isAlive()) {
            samba.descendants().forEach(ProcessHandle::destroy);
            samba.destroy();
            if (!samba.waitFor(10, TimeUnit.SECONDS)) {
                samba.descendants().forEach(ProcessHandle::destroyForcibly);
                samba.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary folder
        }
    }
}

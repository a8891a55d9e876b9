package org.rmsconnector.cloud.directory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSocketFactory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmsconnector.cloud.model.Directory;
import org.rmsconnector.cloud.model.Group;
import org.rmsconnector.cloud.model.User;

/** Imports from a real LDAP server: UnboundID's in-memory server on a free loopback port, reached over TCP. */
class LdapDirectoryImportTest {

    private static final String BASE = "dc=contoso,dc=com";
    private static final String BIND_DN = "cn=importer,dc=contoso,dc=com";
    private static final String BIND_PASSWORD = "import-secret";
    private static final char[] KEYSTORE_PIN = "keystore-pin".toCharArray();
    // every test must finish well within this, even when a server does not answer
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private File keyStore;
    private InMemoryDirectoryServer server;

    @BeforeEach
    void certificate() throws Exception {
        keyStore = tmp.resolve("ldap-server.p12").toFile();
        // a certificate for the loopback names, so the import's host-name verification stays on in the test
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode rc = ManageCertificates.main(null, out, out, "generate-self-signed-certificate",
                "--keystore", keyStore.getPath(), "--keystore-password", new String(KEYSTORE_PIN),
                "--keystore-type", "PKCS12", "--alias", "server-cert", "--subject-dn", "CN=localhost",
                "--subject-alternative-name-dns", "localhost",
                "--subject-alternative-name-ip-address", loopback().getHostAddress(),
                "--days-valid", "2", "--key-algorithm", "EC", "--key-length-bits", "256",
                "--signature-algorithm", "SHA256withECDSA");
        assertEquals(ResultCode.SUCCESS, rc, out.toString());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.shutDown(true);
        }
    }

    @Test
    void importsUsersAndNestedGroupsPageByPage() throws Exception {
        int port = start(InMemoryListenerConfig.createLDAPConfig("ldap", loopback(), 0, null), "ldap");

        DirectoryImportResult result = run(config(port, LdapImportConfig.Security.NONE).withPaging(2, Duration.ofSeconds(10)), null);

        Directory d = result.directory();
        assertEquals(Set.of("alice@contoso.com", "bob@contoso.com", "carol@contoso.com", "dave@contoso.com",
                "erin@contoso.com"), upns(d));
        assertEquals(new User("alice@contoso.com", "alice.smith@contoso.com", "Alice Smith"),
                d.findUser("alice.smith@contoso.com").orElseThrow());
        assertEquals(new Group("sales", Set.of("bob@contoso.com"), Set.of("sales-emea")), d.findGroup("sales").orElseThrow());
        assertEquals(Set.of("sales-paris", "sales-emea", "sales"), d.effectiveGroups("alice@contoso.com"),
                "two levels of nesting");
        assertEquals(Set.of("loop-a", "loop-b"), d.effectiveGroups("dave@contoso.com"), "cycle terminates");
        assertTrue(d.findGroup("empty").orElseThrow().memberUsers().isEmpty());
        assertEquals(6, result.pages(), "6 groups and 6 user entries in pages of 2");
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("Kiosk") && w.contains("userPrincipalName")),
                result.warnings().toString());
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("outside")), "the contact is outside the user scope");
    }

    @Test
    void memberOfAloneGivesTheSameMembership() throws Exception {
        int port = start(InMemoryListenerConfig.createLDAPConfig("ldap", loopback(), 0, null), "ldap");

        Directory viaMemberOf = run(config(port, LdapImportConfig.Security.NONE).withMembership(null, "memberOf"), null)
                .directory();
        Directory viaMember = run(config(port, LdapImportConfig.Security.NONE), null).directory();

        for (String user : upns(viaMember)) {
            assertEquals(viaMember.effectiveGroups(user), viaMemberOf.effectiveGroups(user), user);
        }
    }

    @Test
    void importsOverLdaps() throws Exception {
        int port = start(InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback(), 0, serverTls()
                .createSSLServerSocketFactory(), null), "ldaps");

        Directory d = run(config(port, LdapImportConfig.Security.LDAPS), trustingTheTestCertificate()).directory();

        assertTrue(d.isMember("carol@contoso.com", "sales"));
    }

    /** What {@code tls.truststore.path} configures: the directory's own CA, which the JVM's CAs do not include. */
    @Test
    void importsOverLdapsTrustingTheConfiguredTrustStoreAndNotWithoutIt() throws Exception {
        int port = start(InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback(), 0, serverTls()
                .createSSLServerSocketFactory(), null), "ldaps");
        LdapImportConfig ldaps = config(port, LdapImportConfig.Security.LDAPS);

        Directory d = run(ldaps, new ImportTrust(keyStore.getPath(), new String(KEYSTORE_PIN)).sockets()).directory();

        assertTrue(d.isMember("carol@contoso.com", "sales"));
        SSLSocketFactory javaRuntimeCas = new ImportTrust(" ", "").sockets();
        assertThrows(DirectoryImportException.class, () -> run(ldaps, javaRuntimeCas));
    }

    @Test
    void aMissingTrustStoreOrAWrongPasswordIsAClearErrorWithoutThePassword() {
        String missing = tmp.resolve("nowhere.p12").toString();
        DirectoryImportException none = assertThrows(DirectoryImportException.class,
                () -> new ImportTrust(missing, "pin").sockets());
        assertTrue(none.getMessage().contains("nowhere.p12") && none.getMessage().contains("not a readable file"),
                none.getMessage());

        DirectoryImportException wrong = assertThrows(DirectoryImportException.class,
                () -> new ImportTrust(keyStore.getPath(), "not-the-pin").sockets());
        assertTrue(wrong.getMessage().contains(keyStore.getName()), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("not-the-pin"), "never echo the password");
        assertFalse(new ImportTrust(keyStore.getPath(), "not-the-pin").toString().contains("not-the-pin"));
    }

    @Test
    void importsOverStartTls() throws Exception {
        int port = start(InMemoryListenerConfig.createLDAPConfig("ldap", loopback(), 0,
                serverTls().createSSLSocketFactory()), "ldap");

        Directory d = run(config(port, LdapImportConfig.Security.STARTTLS), trustingTheTestCertificate()).directory();

        assertEquals(5, d.users().size());
    }

    @Test
    void refusesAServerCertificateItDoesNotTrust() throws Exception {
        int port = start(InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback(), 0, serverTls()
                .createSSLServerSocketFactory(), null), "ldaps");
        SSLSocketFactory jvmDefaultTrust = new SSLUtil().createSSLSocketFactory();

        assertThrows(DirectoryImportException.class, () -> run(config(port, LdapImportConfig.Security.LDAPS), jvmDefaultTrust));
    }

    @Test
    void wrongPasswordIsAClearError() throws Exception {
        int port = start(InMemoryListenerConfig.createLDAPConfig("ldap", loopback(), 0, null), "ldap");

        DirectoryImportException e = assertThrows(DirectoryImportException.class,
                () -> run(config(port, LdapImportConfig.Security.NONE).withBind(BIND_DN, "wrong"), null));

        assertTrue(e.getMessage().contains("invalid credentials"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "never echo the password");
    }

    @Test
    void unreachableServerFailsWithinTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, loopback())) {
            closedPort = s.getLocalPort();
        }
        LdapImportConfig c = config(closedPort, LdapImportConfig.Security.NONE).withPaging(100, Duration.ofSeconds(2));

        assertThrows(DirectoryImportException.class, () -> run(c, null));
    }

    private int start(InMemoryListenerConfig listener, String name) throws Exception {
        InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
        cfg.setSchema(null); // accept Active Directory's object classes (user, group, contact) as they are
        cfg.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
        cfg.setListenerConfigs(listener);
        server = new InMemoryDirectoryServer(cfg);
        try (InputStream in = getClass().getResourceAsStream("/ldap/contoso.ldif");
             LDIFReader ldif = new LDIFReader(in)) {
            server.importFromLDIF(true, ldif);
        }
        server.startListening();
        return server.getListenPort(name);
    }

    private static LdapImportConfig config(int port, LdapImportConfig.Security security) {
        return LdapImportConfig.activeDirectory(loopback().getHostAddress(), port, security, BASE)
                .withBind(BIND_DN, BIND_PASSWORD)
                .withUsers("ou=People," + BASE, "(objectClass=user)", "userPrincipalName", "mail", "displayName")
                .withGroups("ou=Groups," + BASE, "(objectClass=group)", "cn")
                .withPaging(100, Duration.ofSeconds(10));
    }

    private static DirectoryImportResult run(LdapImportConfig config, SSLSocketFactory tls) throws Exception {
        return assertTimeoutPreemptively(DEADLINE, () -> new LdapDirectoryImport(config, tls).run());
    }

    private SSLUtil serverTls() throws Exception {
        return new SSLUtil(new KeyStoreKeyManager(keyStore, KEYSTORE_PIN, "PKCS12", "server-cert"),
                new TrustAllTrustManager());
    }

    private SSLSocketFactory trustingTheTestCertificate() throws Exception {
        return new SSLUtil(new TrustStoreTrustManager(keyStore, KEYSTORE_PIN, "PKCS12", true)).createSSLSocketFactory();
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    private static Set<String> upns(Directory d) {
        return d.users().stream().map(User::upn).collect(Collectors.toSet());
    }
}

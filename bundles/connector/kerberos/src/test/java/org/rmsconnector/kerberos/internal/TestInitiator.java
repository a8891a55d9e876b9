package org.rmsconnector.kerberos.internal;

import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;

import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/** A client as a domain-joined Linux server is one: logs in from its keytab, asks for a ticket, sends SPNEGO. */
final class TestInitiator {
    private final Subject subject;

    private TestInitiator(Subject subject) {
        this.subject = subject;
    }

    static TestInitiator login(Path keytab, String principal) throws Exception {
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("useKeyTab", "true", "keyTab", keytab.toString(), "principal", principal,
                                "storeKey", "false", "doNotPrompt", "true", "isInitiator", "true",
                                "refreshKrb5Config", "true"))};
            }
        };
        LoginContext login = new LoginContext("rms-test", new Subject(), null, jaas);
        login.login();
        return new TestInitiator(login.getSubject());
    }

    /** The value of {@code Authorization} for a request to {@code service} (e.g. HTTP/rms.rmstest.lan@RMSTEST.LAN). */
    String negotiate(String service) throws Exception {
        byte[] token = Subject.doAs(subject, (PrivilegedExceptionAction<byte[]>) () -> {
            GSSManager manager = GSSManager.getInstance();
            GSSName server = manager.createName(service, new Oid("1.2.840.113554.1.2.2.1"));
            GSSContext context = manager.createContext(server, TicketAcceptor.SPNEGO, null,
                    GSSContext.DEFAULT_LIFETIME);
            try {
                context.requestMutualAuth(false);
                return context.initSecContext(new byte[0], 0, 0);
            } finally {
                context.dispose();
            }
        });
        return "Negotiate " + Base64.getEncoder().encodeToString(token);
    }
}

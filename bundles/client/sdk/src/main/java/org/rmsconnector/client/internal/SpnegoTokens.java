package org.rmsconnector.client.internal;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.RmsClientException;

/**
 * The client's Kerberos side: logs in once, with the JDK's {@code Krb5LoginModule} configured programmatically (no
 * JAAS file) from a keytab or the ticket cache, as a domain-joined Linux server does, then makes a fresh SPNEGO token
 * for the connector's service principal for every request (the connector refuses a token it has seen: a replay).
 * Tickets are asked from the KDC that {@code java.security.krb5.conf} (or {@code /etc/krb5.conf}) names.
 */
final class SpnegoTokens {
    private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    private static final Oid KRB5_PRINCIPAL = oid("1.2.840.113554.1.2.2.1");

    private final ClientConfig.Kerberos identity;
    private final String servicePrincipal;
    private Subject subject;

    SpnegoTokens(ClientConfig.Kerberos identity, String serviceHost) {
        this.identity = identity;
        this.servicePrincipal = identity.servicePrincipal() != null ? identity.servicePrincipal()
                : "HTTP/" + serviceHost.toLowerCase(Locale.ROOT);
    }

    /** The value of {@code Authorization} for one request. */
    synchronized String next() throws RmsClientException {
        Subject s = login();
        try {
            byte[] token = Subject.doAs(s, (PrivilegedExceptionAction<byte[]>) () -> {
                GSSManager manager = GSSManager.getInstance();
                GSSName server = manager.createName(servicePrincipal, KRB5_PRINCIPAL);
                GSSContext context = manager.createContext(server, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
                try {
                    context.requestMutualAuth(false);
                    context.requestCredDeleg(false);
                    return context.initSecContext(new byte[0], 0, 0);
                } finally {
                    context.dispose();
                }
            });
            return "Negotiate " + Base64.getEncoder().encodeToString(token);
        } catch (PrivilegedActionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof GSSException g ? g.getMajorString() + ": " + g.getMinorString()
                    + (g.getCause() != null ? " (" + g.getCause().getMessage() + ")" : "") : String.valueOf(cause);
            throw new RmsClientException(RmsClientException.UNAUTHENTICATED, "no Kerberos ticket for the connector's"
                    + " service principal " + servicePrincipal + ": " + why + ". Check that the SPN is registered"
                    + " on the connector's service account (setspn -L / samba-tool spn list) and give it with"
                    + " --service-principal when the URL's host is not that name", cause);
        }
    }

    /** The client principal logged in, e.g. {@code EXCH01$@CONTOSO.COM} (the ticket cache's, when no name was given). */
    synchronized String clientPrincipal() throws RmsClientException {
        return login().getPrincipals(javax.security.auth.kerberos.KerberosPrincipal.class).stream().findFirst()
                .map(java.security.Principal::getName).orElseThrow(() -> new RmsClientException(
                        RmsClientException.UNAUTHENTICATED, "the Kerberos login gave no principal"));
    }

    private Subject login() throws RmsClientException {
        if (subject != null) {
            return subject;
        }
        Map<String, String> options = new HashMap<>();
        options.put("doNotPrompt", "true");
        options.put("isInitiator", "true");
        options.put("refreshKrb5Config", "true");
        options.put("storeKey", "false");
        String from;
        if (identity.keyTab() != null) {
            options.put("useKeyTab", "true");
            options.put("keyTab", identity.keyTab().toString());
            options.put("principal", identity.principal());
            from = "the keytab " + identity.keyTab() + " as " + identity.principal();
        } else {
            options.put("useTicketCache", "true");
            if (identity.principal() != null) {
                options.put("principal", identity.principal());
            }
            from = "the ticket cache" + (identity.principal() != null ? " as " + identity.principal() : "");
        }
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        try {
            LoginContext login = new LoginContext("rms-client", new Subject(), null, jaas);
            login.login();
            subject = login.getSubject();
            return subject;
        } catch (LoginException e) {
            throw new RmsClientException(RmsClientException.UNAUTHENTICATED, "Kerberos login from " + from
                    + " failed: " + e.getMessage() + (identity.keyTab() == null
                            ? ". Run kinit first (klist shows the ticket), or give --keytab FILE --principal NAME"
                            : ". Check the keytab (klist -ke) and that the KDC in the krb5.conf is reachable"), e);
        }
    }

    /** The account the connector names a principal by (its Kerberos authenticator's mapping). */
    static String account(String principal) {
        int at = principal.lastIndexOf('@');
        String name = at < 0 ? principal : principal.substring(0, at);
        if (name.endsWith("$")) {
            return name.toUpperCase(Locale.ROOT); // a computer account: HOST$
        }
        if (name.regionMatches(true, 0, "host/", 0, 5)) {
            String host = name.substring(5);
            int dot = host.indexOf('.');
            return (dot < 0 ? host : host.substring(0, dot)).toUpperCase(Locale.ROOT) + "$";
        }
        return at < 0 ? principal : name + "@" + principal.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static Oid oid(String text) {
        try {
            return new Oid(text);
        } catch (GSSException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.rmsconnector.kerberos.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.security.auth.DestroyFailedException;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;

import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.rmsconnector.api.auth.AuthenticationException;

/**
 * Accepts Kerberos tickets for one service principal with the keys of one keytab, by the JDK's GSS-API, as SPNEGO
 * (what browsers, curl and Windows send) or as a bare Kerberos token.
 *
 * <p>The acceptor's credentials come from a {@link Subject} holding the service principal and its {@link KeyTab}:
 * that is exactly what the JDK's {@code Krb5LoginModule} puts there for {@code isInitiator=false, useKeyTab=true,
 * storeKey=true}, without the JAAS login, whose module class ({@code com.sun.security.auth.module}) a bundle cannot
 * import and would have to load through the thread's context class loader. The keytab is read when a ticket is
 * checked, so a rotated keytab takes effect without a restart. The JDK checks the ticket's service name, its validity
 * period, the authenticator's time against the allowed clock skew, and its replay cache (in memory, per JVM).
 */
final class TicketAcceptor {
    static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
    static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
    private static final Pattern KRB_CODE = Pattern.compile("\\((\\d{1,3})\\)");

    private final KerberosPrincipal principal;
    private final Path keytab;
    private final Subject subject;
    private final GSSCredential credential;
    private final Set<String> keyTypes;

    private TicketAcceptor(KerberosPrincipal principal, Path keytab, Subject subject, GSSCredential credential,
            Set<String> keyTypes) {
        this.principal = principal;
        this.keytab = keytab;
        this.subject = subject;
        this.credential = credential;
        this.keyTypes = keyTypes;
    }

    /**
     * @throws IllegalArgumentException when the principal or the keytab cannot be used, saying why
     */
    static TicketAcceptor open(String principalName, Path keytab) {
        if (principalName.isBlank()) {
            throw new IllegalArgumentException("no service principal is configured (principal, e.g."
                    + " HTTP/rms.contoso.com@CONTOSO.COM)");
        }
        if (!Files.isReadable(keytab)) {
            throw new IllegalArgumentException("the keytab " + keytab + " does not exist or cannot be read");
        }
        KerberosPrincipal principal;
        try {
            principal = new KerberosPrincipal(principalName.trim(), KerberosPrincipal.KRB_NT_PRINCIPAL);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the service principal '" + principalName + "' is not usable ("
                    + e.getMessage() + "); write it with its realm, e.g. HTTP/rms.contoso.com@CONTOSO.COM", e);
        }
        KeyTab tab = KeyTab.getInstance(principal, keytab.toFile());
        KerberosKey[] keys = tab.getKeys(principal);
        if (keys.length == 0) {
            throw new IllegalArgumentException("the keytab " + keytab + " holds no key for " + principal.getName()
                    + "; export the SPN's keys (samba-tool domain exportkeytab --principal=" + principal.getName()
                    + ", or ktpass on Windows) into it");
        }
        Set<String> types = Arrays.stream(keys).map(TicketAcceptor::enctype).collect(Collectors.toSet());
        for (KerberosKey key : keys) {
            try {
                key.destroy();
            } catch (DestroyFailedException e) {
                // only read to check the keytab; the keys go with the garbage
            }
        }
        Subject subject = new Subject(false, Set.of(principal), Set.of(), Set.of(tab));
        GSSCredential credential;
        try {
            credential = Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () -> {
                GSSManager manager = GSSManager.getInstance();
                GSSName name = manager.createName(principal.getName(), GSSName.NT_USER_NAME, KRB5);
                return manager.createCredential(name, GSSCredential.INDEFINITE_LIFETIME, new Oid[] {SPNEGO, KRB5},
                        GSSCredential.ACCEPT_ONLY);
            });
        } catch (PrivilegedActionException e) {
            throw new IllegalArgumentException("the keytab " + keytab + " cannot be used for " + principal.getName()
                    + " (" + e.getCause().getMessage() + ")", e.getCause());
        }
        return new TicketAcceptor(principal, keytab, subject, credential, types);
    }

    String describe() {
        return principal.getName() + " with the keytab " + keytab + " (key types " + keyTypes + ")";
    }

    String principal() {
        return principal.getName();
    }

    /**
     * The client principal of a ticket, e.g. {@code EXCH01$@CONTOSO.COM}.
     *
     * @throws AuthenticationException the token is not an acceptable ticket for this service, with the reason
     */
    String accept(byte[] token) throws AuthenticationException {
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<String>) () -> {
                GSSContext context = GSSManager.getInstance().createContext(credential);
                try {
                    context.acceptSecContext(token, 0, token.length);
                    if (!context.isEstablished()) {
                        throw new AuthenticationException("the Negotiate token did not carry a Kerberos ticket the"
                                + " connector could accept in one round trip; send SPNEGO with the Kerberos token"
                                + " (or a bare Kerberos token) for " + principal.getName());
                    }
                    return context.getSrcName().toString();
                } finally {
                    context.dispose();
                }
            });
        } catch (PrivilegedActionException e) {
            if (e.getCause() instanceof AuthenticationException refused) {
                throw refused;
            }
            if (e.getCause() instanceof GSSException gss) {
                throw new AuthenticationException(reason(gss), gss);
            }
            throw new AuthenticationException("the Kerberos ticket could not be checked: " + e.getCause(),
                    e.getCause());
        }
    }

    /** Why the JDK refused a ticket, in words that say what to do. */
    String reason(GSSException e) {
        String detail = detail(e);
        int code = krbCode(detail);
        String lower = detail.toLowerCase(Locale.ROOT);
        String why;
        if (code == 34 || e.getMajor() == GSSException.DUPLICATE_TOKEN || lower.contains("replay")) {
            why = "it is a replay: this authenticator was accepted before (a ticket is good for many requests, each"
                    + " token for one)";
        } else if (code == 37 || lower.contains("clock skew")) {
            why = "the client's clock and this node's differ by more than the allowed skew (clockskew in"
                    + " krb5.conf, 5 minutes by default); synchronise both with the domain's time (NTP)";
        } else if (code == 32 || e.getMajor() == GSSException.CREDENTIALS_EXPIRED || lower.contains("expired")) {
            why = "the ticket has expired; the client must get a new one (kinit, or klist purge on Windows)";
        } else if (code == 33) {
            why = "the ticket is not valid yet; check the clocks";
        } else if (code == 31 || code == 41 || code == 44 || code == 35 || lower.contains("cannot find key")
                || lower.contains("checksum failed") || lower.contains("integrity check")
                || lower.contains("service name") || e.getMajor() == GSSException.NO_CRED
                || e.getMajor() == GSSException.BAD_NAME) {
            why = "it is not a ticket for this connector's service principal " + principal.getName() + " under the"
                    + " keys in " + keytab + " (a ticket for another service, or the account's password changed"
                    + " since the keytab was exported); the client must ask for HTTP/<the name it uses for the"
                    + " connector>, and the keytab must be current";
        } else if (e.getMajor() == GSSException.DEFECTIVE_TOKEN || e.getMajor() == GSSException.BAD_MECH) {
            why = "the Negotiate token is not a Kerberos or SPNEGO token the connector understands";
        } else {
            why = "the Kerberos check failed";
        }
        return "Kerberos ticket refused: " + why + " [" + detail + "]";
    }

    private static String detail(GSSException e) {
        StringBuilder text = new StringBuilder(e.getMajorString());
        if (e.getMinor() != 0 || e.getMinorString() != null) {
            text.append(": ").append(e.getMinorString());
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append("; ").append(c.getMessage());
        }
        return text.toString();
    }

    private static int krbCode(String detail) {
        Matcher m = KRB_CODE.matcher(detail);
        int code = -1;
        while (m.find()) {
            code = Integer.parseInt(m.group(1));
        }
        return code;
    }

    private static String enctype(KerberosKey key) {
        return switch (key.getKeyType()) {
            case 17 -> "aes128-cts-hmac-sha1-96";
            case 18 -> "aes256-cts-hmac-sha1-96";
            case 19 -> "aes128-cts-hmac-sha256-128";
            case 20 -> "aes256-cts-hmac-sha384-192";
            case 23 -> "rc4-hmac";
            default -> "etype " + key.getKeyType();
        };
    }

    private static Oid oid(String text) {
        try {
            return new Oid(text);
        } catch (GSSException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.rmsconnector.kerberos.internal;

import java.nio.file.Path;
import java.util.Optional;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.rmsconnector.api.auth.AuthenticationException;
import org.rmsconnector.api.auth.Authenticator;
import org.rmsconnector.api.auth.Caller;
import org.rmsconnector.api.auth.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a caller by the Kerberos ticket in {@code Authorization: Negotiate} (SPNEGO), checked with the
 * connector's service keytab ({@link TicketAcceptor}), and names it by its account ({@link KerberosAccounts}). The
 * shared authorization bundle then decides, exactly as for a certificate: groups, nested ones included, come from
 * the directory there.
 *
 * <p>Ranked below the client-certificate authenticator (1000): a request that presents a certificate is decided by
 * it; a request without one comes here. A request without a Negotiate header is not this authenticator's kind (empty),
 * so the relay answers 401 with {@code WWW-Authenticate: Negotiate} ({@link #challenge()}) when no other
 * authenticator knows the caller either.
 */
@Component(service = Authenticator.class, configurationPid = KerberosAuthenticator.PID,
        property = Constants.SERVICE_RANKING + ":Integer=" + KerberosAuthenticator.RANKING)
@Designate(ocd = KerberosConfiguration.class)
public class KerberosAuthenticator implements Authenticator {
    static final String PID = "org.rmsconnector.kerberos";
    static final String MECHANISM = "kerberos";
    /** Below the client certificate's 1000: a certificate, when presented, decides. */
    static final int RANKING = 500;
    static final String KRB5_CONF_PROPERTY = "java.security.krb5.conf";
    private static final Logger LOG = LoggerFactory.getLogger(KerberosAuthenticator.class);

    /** The acceptor, or why there is none (a request with a ticket is refused with that reason). */
    private record State(TicketAcceptor acceptor, String unusable) {
    }

    private volatile State state;

    @Activate
    public KerberosAuthenticator(KerberosConfiguration config) {
        modified(config);
    }

    @Modified
    void modified(KerberosConfiguration config) {
        useKrb5Conf(config.krb5_conf());
        String principal = config.principal().trim();
        String keytab = config.keytab_path().trim();
        if (principal.isEmpty() && keytab.isEmpty()) {
            state = new State(null, "Kerberos is not configured on this node (" + PID + ": principal,"
                    + " keytab.path)");
            LOG.info("Kerberos authentication is off: no principal and keytab in {}", PID);
            return;
        }
        try {
            TicketAcceptor acceptor = TicketAcceptor.open(principal, Path.of(keytab.isEmpty() ? "." : keytab));
            state = new State(acceptor, null);
            LOG.info("Kerberos tickets (Authorization: Negotiate) are accepted for {}", acceptor.describe());
        } catch (IllegalArgumentException e) {
            String why = "Kerberos cannot be used on this node: " + e.getMessage() + " (" + PID + ")";
            state = new State(null, why);
            LOG.error(why);
        }
    }

    /** The JVM's krb5.conf is one for the whole node and read once: set it if nobody did, else say it differs. */
    private static void useKrb5Conf(String configured) {
        String path = configured.trim();
        if (path.isEmpty()) {
            return;
        }
        String current = System.getProperty(KRB5_CONF_PROPERTY);
        if (current == null) {
            System.setProperty(KRB5_CONF_PROPERTY, path);
        } else if (!current.equals(path)) {
            LOG.warn("{} is already {} in this JVM, not {} as {} says; the JVM reads it once, so the new one is used"
                    + " after a restart of the node", KRB5_CONF_PROPERTY, current, path, PID);
        }
    }

    @Override
    public Optional<Caller> authenticate(Credentials credentials) throws AuthenticationException {
        Optional<byte[]> token = NegotiateHeader.token(credentials.headers());
        if (token.isEmpty()) {
            return Optional.empty();
        }
        State s = state;
        if (s.acceptor() == null) {
            throw new AuthenticationException(s.unusable() + "; use a client certificate");
        }
        String principal = s.acceptor().accept(token.get());
        return Optional.of(new Caller(KerberosAccounts.account(principal), credentials.remoteAddress(), MECHANISM,
                credentials.secureChannel()));
    }

    /** Negotiate, when this node can accept tickets; nothing otherwise, so clients are not invited to try. */
    @Override
    public Optional<String> challenge() {
        return state.acceptor() == null ? Optional.empty() : Optional.of(NegotiateHeader.SCHEME);
    }
}

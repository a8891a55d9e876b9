package org.rmsconnector.admin.internal;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.apache.felix.hc.api.FormattingResultLog;

/**
 * Judges the HTTPS certificates of a key store: each key entry's certificate must be valid now and for the
 * warning period, and name the load-balanced host (SAN DNS names, else the subject's CN; {@code *.} matches one
 * label). Every problem says how to fix it.
 */
final class CertificateCheck {
    private static final String FIX_STORE = "put a key store with a certificate for the load-balanced name at"
            + " org.apache.felix.https.keystore in etc/org.apache.felix.http.cfg and its password in"
            + " data/tls-password";

    private CertificateCheck() {
    }

    /**
     * @param host the load-balanced host, or {@code null} when {@code loadBalancedUrl} is not set
     */
    static void judge(KeyStore store, String location, String host, Instant now, int warnDays,
            FormattingResultLog log) throws KeyStoreException {
        int keys = 0;
        for (String alias : Collections.list(store.aliases())) {
            if (!store.isKeyEntry(alias)) {
                continue;
            }
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
                continue;
            }
            keys++;
            judge(cert, alias, host, now, warnDays, log);
        }
        if (keys == 0) {
            log.critical("the key store {} holds no private key with a certificate, so HTTPS cannot work; {}",
                    location, FIX_STORE);
        }
    }

    static void judge(X509Certificate cert, String alias, String host, Instant now, int warnDays,
            FormattingResultLog log) {
        String who = "certificate '" + alias + "' (" + cert.getSubjectX500Principal().getName() + ")";
        Instant notAfter = cert.getNotAfter().toInstant();
        Instant notBefore = cert.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            log.critical("{} expired on {}: servers refuse the connection; renew it and {}", who, notAfter,
                    FIX_STORE);
        } else if (now.isBefore(notBefore)) {
            log.critical("{} is not valid before {}: check this machine's clock, or {}", who, notBefore, FIX_STORE);
        } else {
            long days = Duration.between(now, notAfter).toDays();
            if (days < warnDays) {
                log.warn("{} expires in {} days, on {}: renew it before then and {}", who, days, notAfter, FIX_STORE);
            } else {
                log.info("{} is valid until {} ({} days)", who, notAfter, days);
            }
        }
        if (cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            log.warn("{} is self-signed: on-premises servers do not trust it unless it is imported on each of them;"
                    + " replace it with a certificate from your certification authority and {}", who, FIX_STORE);
        }
        List<String> names = names(cert);
        if (host == null) {
            log.warn("the load-balanced name is not configured, so the certificate's names {} cannot be checked; set"
                    + " loadBalancedUrl in etc/{}.cfg (e.g. https://rmsconnector.contoso.com)", names,
                    AdminConfiguration.PID);
        } else if (names.stream().anyMatch(n -> matches(n, host))) {
            log.info("{} names the load-balanced host {}", who, host);
        } else {
            log.warn("{} does not name the load-balanced host {} (it names {}): servers that reach the connector by"
                    + " that name refuse it; get a certificate whose subject alternative names include {} and {}",
                    who, host, names, host, FIX_STORE);
        }
    }

    /** The DNS names of the subject alternative names, else the subject's common names. */
    static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension counts as none: the CN below is all there is
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                    if ("CN".equalsIgnoreCase(rdn.getType())) {
                        names.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
                    }
                }
            } catch (InvalidNameException e) {
                // the JDK's own rendering of a principal always parses
            }
        }
        return names;
    }

    static boolean matches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }
}

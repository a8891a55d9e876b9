package org.rmsconnector.authorization.internal;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

import org.rmsconnector.api.auth.AuthenticationException;

/**
 * Which account a client certificate stands for. In order:
 * <ol>
 * <li>the user principal name in the subject alternative name ({@code otherName} of type
 * {@value #UPN_OID}, a UTF8String), as Windows enrolment writes it for users and services;</li>
 * <li>else the first DNS name in the subject alternative name, which names a computer;</li>
 * <li>else the subject CN: a CN that is a host name with at least two labels ({@code fs01.contoso.com}) names a
 * computer too; any other CN ({@code svc-rms}, {@code EXCH01$}) is taken as the account, as written.</li>
 * </ol>
 * A computer becomes its computer account ({@code fs01.contoso.com} → {@code FS01$}) under
 * {@link HostMapping#COMPUTER_ACCOUNT}, or stays the host name under {@link HostMapping#AS_IS}.
 */
final class CertificateAccounts {
    /** Microsoft's user principal name otherName. */
    static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";
    private static final int SAN_OTHER_NAME = 0;
    private static final int SAN_DNS_NAME = 2;
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    /** How a certificate that names a computer maps to an account. */
    enum HostMapping {
        /** The first DNS label, upper case, followed by {@code $}: the Windows computer account. */
        COMPUTER_ACCOUNT,
        /** The host name exactly as the certificate has it. */
        AS_IS
    }

    private CertificateAccounts() {
    }

    static String account(X509Certificate certificate, HostMapping mapping) throws AuthenticationException {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new AuthenticationException("the client certificate " + subject(certificate)
                    + " has a malformed subject alternative name extension; issue a new certificate", e);
        }
        if (names != null) {
            for (List<?> name : names) {
                if (isType(name, SAN_OTHER_NAME) && name.get(1) instanceof byte[] der) {
                    Optional<String> upn = Der.otherNameUtf8(der, UPN_OID).map(String::trim).filter(s -> !s.isEmpty());
                    if (upn.isPresent()) {
                        return upn.get();
                    }
                }
            }
            for (List<?> name : names) {
                if (isType(name, SAN_DNS_NAME) && name.get(1) instanceof String dns && HOST_NAME.matcher(dns).matches()) {
                    return host(dns, mapping);
                }
            }
        }
        String cn = commonName(certificate.getSubjectX500Principal()).orElseThrow(() -> new AuthenticationException(
                "the client certificate " + subject(certificate) + " names no account: it has no user principal name,"
                + " no DNS name and no CN; issue one with the server's UPN or host name"));
        return HOST_NAME.matcher(cn).matches() ? host(cn, mapping) : cn;
    }

    static String host(String hostName, HostMapping mapping) {
        if (mapping == HostMapping.AS_IS) {
            return hostName;
        }
        int dot = hostName.indexOf('.');
        String label = dot < 0 ? hostName : hostName.substring(0, dot);
        return label.toUpperCase(Locale.ROOT) + "$";
    }

    static Optional<String> commonName(X500Principal principal) {
        try {
            List<Rdn> rdns = new LdapName(principal.getName(X500Principal.RFC2253)).getRdns();
            // most specific first: LdapName lists RDNs right to left
            for (int i = rdns.size() - 1; i >= 0; i--) {
                Rdn rdn = rdns.get(i);
                if ("CN".equalsIgnoreCase(rdn.getType()) && rdn.getValue() instanceof String value
                        && !value.isBlank()) {
                    return Optional.of(value.trim());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    static String subject(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName(X500Principal.RFC2253) + "'";
    }

    private static boolean isType(List<?> name, int type) {
        return name.size() >= 2 && name.get(0) instanceof Integer t && t == type;
    }
}

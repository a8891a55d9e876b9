package org.rmsconnector.rmsctl.adminclient;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The names a server certificate is valid for, and whether a host is one of them, as HTTPS clients decide it
 * (RFC 6125): an IP address against the IP addresses of the subject alternative names; a host name against the
 * DNS names, or the common name when there are none; {@code *.} stands for exactly one left-most label.
 */
public final class CertificateNames {

    private static final int DNS = 2;
    private static final int IP = 7;

    private CertificateNames() {
    }

    /** The DNS names and IP addresses the certificate names (its CN only when it has no DNS name). */
    public static List<String> of(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == DNS) {
                        dns.add(String.valueOf(san.get(1)));
                    } else if (type == IP) {
                        ips.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension names nothing
        }
        if (dns.isEmpty()) {
            String cn = commonName(cert);
            if (cn != null) {
                dns.add(cn);
            }
        }
        List<String> all = new ArrayList<>(dns);
        all.addAll(ips);
        return all;
    }

    /** Whether {@code host} (a name or an IP literal) is one the certificate is valid for. */
    public static boolean matches(X509Certificate cert, String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (isIpLiteral(h)) {
            InetAddress wanted = address(h);
            for (String name : of(cert)) {
                if (isIpLiteral(name) && wanted != null && wanted.equals(address(name))) {
                    return true;
                }
            }
            return false;
        }
        for (String name : of(cert)) {
            if (!isIpLiteral(name) && nameMatches(name, h)) {
                return true;
            }
        }
        return false;
    }

    static boolean nameMatches(String pattern, String host) {
        String p = stripDot(pattern.toLowerCase(Locale.ROOT));
        String h = stripDot(host.toLowerCase(Locale.ROOT));
        if (!p.startsWith("*.")) {
            return p.equals(h);
        }
        int dot = h.indexOf('.');
        // "*.contoso.com" covers "a.contoso.com", not "contoso.com" nor "a.b.contoso.com"
        return dot > 0 && h.substring(dot).equals(p.substring(1)) && p.indexOf('.', 2) > 0;
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean isIpLiteral(String s) {
        return s.indexOf(':') >= 0 || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    // Only called on literals, so no name lookup happens.
    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String commonName(X509Certificate cert) {
        try {
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            // LdapName lists the RDNs right to left, so the most specific (left-most) CN is the last one
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}

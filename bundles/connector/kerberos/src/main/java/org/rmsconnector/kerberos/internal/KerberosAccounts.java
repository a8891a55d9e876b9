package org.rmsconnector.kerberos.internal;

import java.util.Locale;

/**
 * The account a Kerberos client principal names, written as the authorized-servers list and the directory name it,
 * so the authorization bundle's directory lookup finds the entry by {@code sAMAccountName} or
 * {@code userPrincipalName}:
 * <ul>
 * <li>a computer account {@code EXCH01$@CONTOSO.COM} → {@code EXCH01$}, as the client-certificate authenticator
 * names a server ({@code HOST$}, the way the list and the cloud's re-check write computer entries);</li>
 * <li>a host principal {@code host/exch01.contoso.com@CONTOSO.COM} (a Linux server's keytab) → the computer account
 * {@code EXCH01$};</li>
 * <li>a user or service account {@code svc-sp@CONTOSO.COM} → {@code svc-sp@contoso.com} (its UPN in AD's default
 * form: the realm as DNS domain);</li>
 * <li>an enterprise principal {@code alice\@fabrikam.com@CONTOSO.COM} → the UPN {@code alice@fabrikam.com}.</li>
 * </ul>
 * Any other service principal ({@code HTTP/web01…}) keeps its name, with the domain: such an account is on no list.
 */
final class KerberosAccounts {
    private KerberosAccounts() {
    }

    static String account(String principal) {
        int at = lastUnescapedAt(principal);
        String name = at < 0 ? principal : principal.substring(0, at);
        String realm = at < 0 ? "" : principal.substring(at + 1);
        String domain = realm.toLowerCase(Locale.ROOT);
        if (name.contains("\\@")) {
            return name.replace("\\@", "@"); // an enterprise name is a UPN already
        }
        int slash = name.indexOf('/');
        if (slash > 0 && name.substring(0, slash).equalsIgnoreCase("host") && name.indexOf('/', slash + 1) < 0) {
            String host = name.substring(slash + 1);
            int dot = host.indexOf('.');
            return (dot < 0 ? host : host.substring(0, dot)).toUpperCase(Locale.ROOT) + "$";
        }
        if (name.endsWith("$") && slash < 0) {
            return name.toUpperCase(Locale.ROOT);
        }
        return domain.isEmpty() ? name : name + "@" + domain;
    }

    private static int lastUnescapedAt(String principal) {
        for (int i = principal.length() - 1; i >= 0; i--) {
            if (principal.charAt(i) == '@' && (i == 0 || principal.charAt(i - 1) != '\\')) {
                return i;
            }
        }
        return -1;
    }
}

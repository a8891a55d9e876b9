package org.rmsconnector.authorization.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.rmsconnector.api.policy.AuthorizedServer;

/**
 * An account or group name, as an administrator wrote it in the authorized-servers list or as an authenticator or
 * the directory presents it, reduced to a form two names can be compared in.
 *
 * <p>The rule:
 * <ul>
 * <li>Comparison ignores case ({@link Locale#ROOT}) and surrounding blanks.</li>
 * <li>{@code DOMAIN\name} is the name {@code name} in the NetBIOS domain {@code DOMAIN}; {@code name@domain} is the
 * name {@code name} in the DNS domain {@code domain}; a bare {@code name} has no domain.</li>
 * <li>Two names match when their name parts are equal and their domains do not contradict each other: a missing
 * domain matches any domain; two DNS domains must be equal; two NetBIOS domains must be equal; a NetBIOS domain
 * matches a DNS domain when it is configured as that domain's alias ({@code CORP=corp.contoso.com}) or, without an
 * alias, when it equals the DNS domain's first label ({@code CONTOSO} matches {@code contoso.com}). So
 * {@code CONTOSO\alice}, {@code alice@contoso.com} and {@code alice} match each other, but
 * {@code alice@fabrikam.com} matches none of the first two.</li>
 * <li>A computer entry names a computer account: {@code EXCH01}, {@code EXCH01$} and {@code CONTOSO\EXCH01$} all
 * mean {@code exch01$}, and a host name {@code exch01.contoso.com} means {@code exch01$} in {@code contoso.com}.</li>
 * <li>A name that is a distinguished name ({@code CN=RMS Servers,OU=Groups,DC=contoso,DC=com}) only matches the same
 * distinguished name (attribute types and values compared without case, blanks around separators ignored).</li>
 * </ul>
 *
 * @param name the name part, lower case; for a distinguished name, its normalised form
 * @param domain the domain, lower case, or null
 * @param kind what the domain is (or that the whole name is a distinguished name)
 */
record AccountName(String name, String domain, Form kind) {

    /** How the name was written. */
    enum Form { BARE, NETBIOS, DNS, DISTINGUISHED_NAME }

    AccountName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * @throws IllegalArgumentException when the text has no name part ({@code CONTOSO\}, {@code @contoso.com}, blank)
     */
    static AccountName parse(String text) {
        String s = Objects.requireNonNull(text, "text").trim();
        if (looksLikeDn(s)) {
            try {
                return new AccountName(normaliseDn(new LdapName(s)), null, Form.DISTINGUISHED_NAME);
            } catch (InvalidNameException e) {
                // not a distinguished name after all: compare it as written
            }
        }
        int backslash = s.indexOf('\\');
        if (backslash >= 0) {
            return of(s.substring(backslash + 1), s.substring(0, backslash), Form.NETBIOS, text);
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            return of(s.substring(0, at), s.substring(at + 1), Form.DNS, text);
        }
        return of(s, null, Form.BARE, text);
    }

    /** The name of an entry in the authorized-servers list, with the computer-account rule for computer entries. */
    static AccountName ofEntry(AuthorizedServer entry) {
        if (entry.kind() != AuthorizedServer.Kind.COMPUTER) {
            return parse(entry.account());
        }
        String s = entry.account().trim();
        if (s.indexOf('\\') < 0 && s.indexOf('@') < 0 && !s.endsWith("$") && s.indexOf('.') > 0) {
            // a host name: its first label is the computer, the rest its DNS domain
            int dot = s.indexOf('.');
            return of(s.substring(0, dot) + "$", s.substring(dot + 1), Form.DNS, entry.account());
        }
        AccountName parsed = parse(s);
        if (parsed.kind == Form.DISTINGUISHED_NAME || parsed.name.endsWith("$")) {
            return parsed;
        }
        return new AccountName(parsed.name + "$", parsed.domain, parsed.kind);
    }

    /**
     * @param netbiosAliases NetBIOS domain name → DNS domain name, both lower case
     */
    boolean matches(AccountName other, Map<String, String> netbiosAliases) {
        if ((kind == Form.DISTINGUISHED_NAME) != (other.kind == Form.DISTINGUISHED_NAME)) {
            return false;
        }
        if (!name.equals(other.name)) {
            return false;
        }
        if (domain == null || other.domain == null) {
            return true;
        }
        if (kind == other.kind) {
            return domain.equals(other.domain);
        }
        String netbios = kind == Form.NETBIOS ? domain : other.domain;
        String dns = kind == Form.DNS ? domain : other.domain;
        String alias = netbiosAliases.get(netbios);
        if (alias != null) {
            return alias.equals(dns);
        }
        int dot = dns.indexOf('.');
        return netbios.equals(dot < 0 ? dns : dns.substring(0, dot));
    }

    /** Whether the name says which domain it belongs to: such an entry is more specific than a bare name. */
    boolean hasDomain() {
        return domain != null;
    }

    private static AccountName of(String name, String domain, Form kind, String original) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty()) {
            throw new IllegalArgumentException("'" + original + "' has no account name");
        }
        String d = domain == null ? null : domain.trim().toLowerCase(Locale.ROOT);
        if (d != null && d.isEmpty()) {
            d = null;
        }
        return new AccountName(n, d, d == null ? Form.BARE : kind);
    }

    private static boolean looksLikeDn(String s) {
        // '=' cannot appear in an account name (Active Directory forbids it in sAMAccountName and UPN prefixes)
        return s.indexOf('=') > 0;
    }

    private static String normaliseDn(LdapName dn) {
        // LdapName lists RDNs right to left; keep the written (left to right) order
        List<String> rdns = new ArrayList<>();
        for (int i = dn.size() - 1; i >= 0; i--) {
            rdns.add(rdnText(dn.getRdns().get(i)));
        }
        return String.join(",", rdns);
    }

    private static String rdnText(Rdn rdn) {
        // a multi-valued RDN lists its parts sorted, so the order they were written in does not matter
        List<String> parts = new ArrayList<>();
        try {
            NamingEnumeration<? extends Attribute> all = rdn.toAttributes().getAll();
            while (all.hasMore()) {
                Attribute a = all.next();
                parts.add(a.getID().toLowerCase(Locale.ROOT) + "=" + String.valueOf(a.get()).trim()
                        .toLowerCase(Locale.ROOT));
            }
        } catch (NamingException e) {
            // BasicAttributes built from a parsed RDN do not throw; keep what was read
        }
        Collections.sort(parts);
        return String.join("+", parts);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BARE, DISTINGUISHED_NAME -> name;
            case NETBIOS -> domain + "\\" + name;
            case DNS -> name + "@" + domain;
        };
    }
}

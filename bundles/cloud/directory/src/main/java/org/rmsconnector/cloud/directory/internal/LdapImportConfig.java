package org.rmsconnector.cloud.directory.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to read users and groups from an LDAP directory. The defaults fit Active Directory;
 * the {@code with…} methods adapt it to other schemas.
 *
 * @param host                 LDAP server host
 * @param port                 LDAP server port
 * @param security             plain LDAP, LDAPS or StartTLS
 * @param bindDn               DN to bind as; null for an anonymous bind
 * @param bindPassword         password of {@code bindDn}
 * @param userBaseDn           where users are searched (whole subtree)
 * @param userFilter           which entries are users
 * @param upnAttribute         attribute holding the UPN; entries without it are skipped
 * @param mailAttribute        attribute holding the mail address; null to ignore mail
 * @param displayNameAttribute attribute holding the display name; null to use the UPN
 * @param groupBaseDn          where groups are searched (whole subtree)
 * @param groupFilter          which entries are groups
 * @param groupNameAttribute   attribute naming a group (e.g. {@code cn} or {@code mail})
 * @param memberAttribute      group attribute listing member DNs (users and nested groups); null to skip
 * @param memberOfAttribute    user/group attribute listing the DNs of containing groups; null to skip
 * @param pageSize             entries per page (simple paged results control)
 * @param timeout              connect and per-response timeout
 */
public record LdapImportConfig(String host, int port, Security security, String bindDn, String bindPassword,
                               String userBaseDn, String userFilter, String upnAttribute, String mailAttribute,
                               String displayNameAttribute, String groupBaseDn, String groupFilter,
                               String groupNameAttribute, String memberAttribute, String memberOfAttribute,
                               int pageSize, Duration timeout) {

    /** How the connection is protected. */
    public enum Security {
        /** Plain LDAP: only for tests or a protected network. */
        NONE,
        /** TLS from the first byte (usually port 636). */
        LDAPS,
        /** Plain connection upgraded with the StartTLS extended operation before binding. */
        STARTTLS
    }

    /** Validates the configuration. */
    public LdapImportConfig {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(userBaseDn, "userBaseDn");
        Objects.requireNonNull(userFilter, "userFilter");
        Objects.requireNonNull(upnAttribute, "upnAttribute");
        Objects.requireNonNull(groupBaseDn, "groupBaseDn");
        Objects.requireNonNull(groupFilter, "groupFilter");
        Objects.requireNonNull(groupNameAttribute, "groupNameAttribute");
        if (memberAttribute == null && memberOfAttribute == null) {
            throw new IllegalArgumentException("set memberAttribute, memberOfAttribute or both, or groups stay empty");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive: " + pageSize);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** Active Directory defaults below one base DN, anonymous until {@link #withBind} is used. */
    public static LdapImportConfig activeDirectory(String host, int port, Security security, String baseDn) {
        return new LdapImportConfig(host, port, security, null, null,
                baseDn, "(&(objectCategory=person)(objectClass=user)(userPrincipalName=*))",
                "userPrincipalName", "mail", "displayName",
                baseDn, "(objectClass=group)", "cn", "member", null,
                500, Duration.ofSeconds(30));
    }

    /** With a simple bind. */
    public LdapImportConfig withBind(String dn, String password) {
        return new LdapImportConfig(host, port, security, dn, password, userBaseDn, userFilter, upnAttribute,
                mailAttribute, displayNameAttribute, groupBaseDn, groupFilter, groupNameAttribute, memberAttribute,
                memberOfAttribute, pageSize, timeout);
    }

    /** With another user search. */
    public LdapImportConfig withUsers(String baseDn, String filter, String upnAttr, String mailAttr,
                                      String displayNameAttr) {
        return new LdapImportConfig(host, port, security, bindDn, bindPassword, baseDn, filter, upnAttr,
                mailAttr, displayNameAttr, groupBaseDn, groupFilter, groupNameAttribute, memberAttribute,
                memberOfAttribute, pageSize, timeout);
    }

    /** With another group search. */
    public LdapImportConfig withGroups(String baseDn, String filter, String nameAttr) {
        return new LdapImportConfig(host, port, security, bindDn, bindPassword, userBaseDn, userFilter,
                upnAttribute, mailAttribute, displayNameAttribute, baseDn, filter, nameAttr, memberAttribute,
                memberOfAttribute, pageSize, timeout);
    }

    /** With other membership attributes (either may be null, not both). */
    public LdapImportConfig withMembership(String memberAttr, String memberOfAttr) {
        return new LdapImportConfig(host, port, security, bindDn, bindPassword, userBaseDn, userFilter,
                upnAttribute, mailAttribute, displayNameAttribute, groupBaseDn, groupFilter, groupNameAttribute,
                memberAttr, memberOfAttr, pageSize, timeout);
    }

    /** With another page size and timeout. */
    public LdapImportConfig withPaging(int size, Duration responseTimeout) {
        return new LdapImportConfig(host, port, security, bindDn, bindPassword, userBaseDn, userFilter,
                upnAttribute, mailAttribute, displayNameAttribute, groupBaseDn, groupFilter, groupNameAttribute,
                memberAttribute, memberOfAttribute, size, responseTimeout);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "LdapImportConfig[" + security + "://" + host + ":" + port + ", bindDn=" + bindDn
                + ", users=" + userBaseDn + " " + userFilter + ", groups=" + groupBaseDn + " " + groupFilter
                + ", pageSize=" + pageSize + "]";
    }
}

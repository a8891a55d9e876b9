package org.rmsconnector.authorization.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "RMS Connector - Group membership from LDAP",
        description = "Where the connector looks up the groups an authenticated account belongs to, for the group"
                + " entries of the authorized-servers list. Without a URL no groups are looked up and only account"
                + " and computer entries match.")
@interface LdapConfiguration {

    @AttributeDefinition(name = "URL",
            description = "ldap://host:389 or ldaps://host:636 of a domain controller or any LDAP server. Empty:"
                    + " no group lookups.")
    String url() default "";

    @AttributeDefinition(name = "Bind DN", description = "The account the connector reads the directory as. Empty:"
            + " anonymous.")
    String bind_dn() default "";

    @AttributeDefinition(name = "Bind password", type = AttributeType.PASSWORD,
            description = "Write it as secret:name so it stays out of the configuration file. The property is"
                    + " .bind.password: the leading dot keeps it out of the service properties.")
    String _bind_password() default "";

    @AttributeDefinition(name = "Base DN", description = "Where accounts (users and computers) are searched, e.g."
            + " DC=contoso,DC=com.")
    String base_dn() default "";

    @AttributeDefinition(name = "Account filter",
            description = "Finds the account's entry. {sam} is the account without its domain (alice, EXCH01$),"
                    + " {upn} the account as name@domain when it has that form, else the bare name; {account} the"
                    + " account as authenticated. Values are escaped.")
    String user_filter() default "(|(sAMAccountName={sam})(userPrincipalName={upn}))";

    @AttributeDefinition(name = "Group base DN", description = "Where groups are searched. Empty: the base DN.")
    String group_base_dn() default "";

    @AttributeDefinition(name = "Group filter", description = "What a group entry is.")
    String group_filter() default "(|(objectClass=group)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))";

    @AttributeDefinition(name = "Membership source",
            options = {
                @Option(label = "memberOf on the account and group entries", value = "MEMBER_OF"),
                @Option(label = "member on the group entries (a search per level)", value = "MEMBER"),
                @Option(label = "both", value = "BOTH")},
            description = "Where membership is read. Active Directory has both; many other servers only member.")
    String membership() default "BOTH";

    @AttributeDefinition(name = "Nested groups",
            options = {
                @Option(label = "Repeated lookups, level by level", value = "REPEATED"),
                @Option(label = "Active Directory LDAP_MATCHING_RULE_IN_CHAIN (1.2.840.113556.1.4.1941)",
                        value = "IN_CHAIN")},
            description = "How groups of groups are found. IN_CHAIN is one search on Active Directory; other servers"
                    + " do not know the rule.")
    String nested() default "REPEATED";

    @AttributeDefinition(name = "Maximum nesting depth", description = "Levels of groups followed with repeated"
            + " lookups.")
    int max_depth() default 10;

    @AttributeDefinition(name = "Group name attributes",
            description = "The attributes whose values name a group in the authorized-servers list (besides its DN).")
    String[] group_name_attributes() default {"cn", "sAMAccountName"};

    @AttributeDefinition(name = "Cache time to live (seconds)",
            description = "How long an account's groups are reused before the directory is asked again. Accounts"
                    + " that keep calling are read again in the background before this runs out, so their requests"
                    + " never wait for the directory.")
    long cache_ttl_seconds() default 300;

    @AttributeDefinition(name = "Cache size", description = "Accounts kept; the least recently used go first.")
    int cache_max_entries() default 10_000;

    @AttributeDefinition(name = "Connect timeout (ms)")
    int connect_timeout_ms() default 3_000;

    @AttributeDefinition(name = "Response timeout (ms)")
    int response_timeout_ms() default 5_000;

    @AttributeDefinition(name = "Retry after failure (seconds)",
            description = "After the directory could not be reached, how long requests use cached (or no) groups"
                    + " before it is tried again, so an outage does not slow every request down.")
    long retry_after_failure_seconds() default 15;

    @AttributeDefinition(name = "Connections", description = "Maximum connections to the directory.")
    int max_connections() default 4;

    @AttributeDefinition(name = "LDAPS trust store",
            description = "PKCS#12 or JKS file with the directory's CA certificate, for ldaps://. Empty: the Java"
                    + " runtime's trusted CAs. Host names are always verified.")
    String tls_truststore_path() default "";

    @AttributeDefinition(name = "LDAPS trust store password", type = AttributeType.PASSWORD,
            description = "The property is .tls.truststore.password (kept out of the service properties).")
    String _tls_truststore_password() default "";
}

package org.rmsconnector.itests;

import java.net.InetAddress;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

/** A real LDAP server on a free loopback port, with a small Active Directory-like tree: two users, nested groups. */
final class LdapServer implements AutoCloseable {
    private final InMemoryDirectoryServer server;

    private LdapServer(InMemoryDirectoryServer server) {
        this.server = server;
    }

    static LdapServer start() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=fabrikam,dc=com");
        config.setSchema(null); // AD attributes (userPrincipalName, objectCategory) without loading the AD schema
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                InetAddress.getLoopbackAddress(), 0, null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: dc=fabrikam,dc=com", "objectClass: domain", "dc: fabrikam");
        server.add("dn: cn=Dave,dc=fabrikam,dc=com", "objectClass: user", "objectCategory: person",
                "cn: Dave", "userPrincipalName: dave@fabrikam.com", "mail: dave@fabrikam.com", "displayName: Dave");
        server.add("dn: cn=Erin,dc=fabrikam,dc=com", "objectClass: user", "objectCategory: person",
                "cn: Erin", "userPrincipalName: erin@fabrikam.com", "mail: erin@fabrikam.com", "displayName: Erin");
        // the tenant's administrator must be in the imported directory too, or the import would lock them out
        server.add("dn: cn=Admin,dc=fabrikam,dc=com", "objectClass: user", "objectCategory: person",
                "cn: Admin", "userPrincipalName: admin@contoso.com", "displayName: Administrator");
        server.add("dn: cn=Managers,dc=fabrikam,dc=com", "objectClass: group", "cn: Managers",
                "member: cn=Erin,dc=fabrikam,dc=com");
        server.add("dn: cn=Staff,dc=fabrikam,dc=com", "objectClass: group", "cn: Staff",
                "member: cn=Dave,dc=fabrikam,dc=com", "member: cn=Managers,dc=fabrikam,dc=com");
        server.startListening();
        return new LdapServer(server);
    }

    int port() {
        return server.getListenPort();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}

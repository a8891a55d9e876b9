package org.rmsconnector.authorization.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFReader;

/**
 * A real LDAP server for a test: UnboundID's in-memory directory on a free loopback port, loaded from
 * {@code ldap/contoso.ldif}, reached over TCP. Searches require the reader's bind, as Active Directory does. It also
 * answers Active Directory's in-chain matching rule ({@value LdapGroupResolver#IN_CHAIN_RULE}), which UnboundID's
 * server does not know, by rewriting such a filter into the groups it stands for.
 */
final class TestDirectory implements AutoCloseable {
    static final String BASE = "dc=contoso,dc=com";
    static final String READER_DN = "cn=rms-reader,ou=People,dc=contoso,dc=com";
    static final String READER_PASSWORD = "reader-secret";

    final InMemoryDirectoryServer server;
    final int port;
    /** Searches the directory was asked for, over the wire. */
    final AtomicInteger searches = new AtomicInteger();
    /** While set, every search waits (at most 30 s) until it is counted down: a directory that is slow to answer. */
    volatile CountDownLatch held;

    TestDirectory() throws Exception {
        this.port = freePort();
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null); // Active Directory object classes, without loading AD's schema
        config.addAdditionalBindCredentials(READER_DN, READER_PASSWORD);
        config.setAuthenticationRequiredOperationTypes(OperationType.SEARCH, OperationType.COMPARE);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", loopback(), port, null));
        InChain inChain = new InChain(this);
        config.addInMemoryOperationInterceptor(inChain);
        server = new InMemoryDirectoryServer(config);
        inChain.server = server;
        try (InputStream ldif = TestDirectory.class.getResourceAsStream("/ldap/contoso.ldif");
                LDIFReader reader = new LDIFReader(ldif)) {
            server.importFromLDIF(true, reader);
        }
        server.startListening();
    }

    String url() {
        return "ldap://" + loopback().getHostAddress() + ":" + port;
    }

    /** The resolver's configuration for this directory, with the given properties on top. */
    Map<String, Object> config(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put("url", url());
        props.put("bind.dn", READER_DN);
        props.put(".bind.password", READER_PASSWORD);
        props.put("base.dn", BASE);
        props.put("connect.timeout.ms", 2000);
        props.put("response.timeout.ms", 5000);
        props.putAll(overrides);
        return props;
    }

    void stop() {
        server.shutDown(true);
    }

    void restart() throws Exception {
        server.startListening();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    /** Active Directory's transitive membership filter, emulated: {@code member:1.2.840.113556.1.4.1941:=<dn>}. */
    private static final class InChain extends InMemoryOperationInterceptor {
        private final TestDirectory directory;
        volatile InMemoryDirectoryServer server;

        InChain(TestDirectory directory) {
            this.directory = directory;
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
            directory.searches.incrementAndGet();
            CountDownLatch hold = directory.held;
            if (hold != null) {
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Filter filter = request.getRequest().getFilter();
            Filter rewritten = rewrite(filter);
            if (rewritten != filter) {
                SearchRequest copy = request.getRequest().duplicate();
                copy.setFilter(rewritten);
                request.setRequest(copy);
            }
        }

        private Filter rewrite(Filter f) throws LDAPException {
            if (f.getFilterType() == Filter.FILTER_TYPE_EXTENSIBLE_MATCH
                    && LdapGroupResolver.IN_CHAIN_RULE.equals(f.getMatchingRuleID())) {
                List<Filter> groups = new ArrayList<>();
                for (String dn : transitiveGroups(f.getAssertionValue())) {
                    groups.add(Filter.createEqualityFilter("cn", new DN(dn).getRDN().getAttributeValues()[0]));
                }
                // an empty OR matches nothing
                return groups.isEmpty() ? Filter.createEqualityFilter("cn", "\u0000none") : Filter.createORFilter(groups);
            }
            if (f.getFilterType() == Filter.FILTER_TYPE_AND || f.getFilterType() == Filter.FILTER_TYPE_OR) {
                List<Filter> parts = new ArrayList<>();
                boolean changed = false;
                for (Filter c : f.getComponents()) {
                    Filter r = rewrite(c);
                    changed |= r != c;
                    parts.add(r);
                }
                if (changed) {
                    return f.getFilterType() == Filter.FILTER_TYPE_AND ? Filter.createANDFilter(parts)
                            : Filter.createORFilter(parts);
                }
            }
            return f;
        }

        private Set<String> transitiveGroups(String member) throws LDAPException {
            Set<String> found = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(member));
            while (!todo.isEmpty()) {
                String dn = todo.poll();
                for (SearchResultEntry g : server.search(BASE, SearchScope.SUB,
                        Filter.createEqualityFilter("member", dn)).getSearchEntries()) {
                    if (found.add(g.getDN())) {
                        todo.add(g.getDN());
                    }
                }
            }
            return found;
        }
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}

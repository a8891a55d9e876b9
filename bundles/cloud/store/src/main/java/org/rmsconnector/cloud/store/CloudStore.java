package org.rmsconnector.cloud.store;

import java.time.Clock;

/**
 * The tenant's persistent state, one facet per concern, all sharing one {@link TxRunner}: work done
 * through several facets inside one {@code tx.required(...)} commits or rolls back together.
 * Call {@link #migrate()} once at start before anything else.
 */
public final class CloudStore {

    private final TxRunner tx;
    private final ConfigurationChanges changes;
    private final TenantStore tenant;
    private final DirectoryStore directory;
    private final TemplateStore templates;
    private final AuthorizedServerStore authorizedServers;
    private final UsageLog usage;
    private final UsageWriter usageWriter;
    private final ConnectorRegistry connectors;
    private final CredentialStore credentials;
    private final UsedAssertions usedAssertions;
    private final ChannelSessionStore channelSessions;
    private final ContentRevocations revocations;

    /**
     * @param tx    runs every operation's transaction
     * @param clock stamps creation and change times
     */
    public CloudStore(TxRunner tx, Clock clock) {
        this.tx = tx;
        this.changes = new ConfigurationChanges(tx);
        this.tenant = new TenantStore(tx, changes);
        this.directory = new DirectoryStore(tx, changes);
        this.templates = new TemplateStore(tx, clock, changes);
        this.authorizedServers = new AuthorizedServerStore(tx, clock);
        this.usage = new UsageLog(tx);
        this.usageWriter = new UsageWriter(usage, UsageWriter.DEFAULT_CAPACITY);
        usage.queuedBy(usageWriter);
        this.connectors = new ConnectorRegistry(tx);
        this.credentials = new CredentialStore(tx, clock, new PasswordHasher());
        this.usedAssertions = new UsedAssertions(tx);
        this.channelSessions = new ChannelSessionStore(tx);
        this.revocations = new ContentRevocations(tx);
    }

    /** Applies the schema migrations this store needs; safe to call on every start. */
    public SchemaMigrations.Report migrate() {
        return new SchemaMigrations(tx).migrate();
    }

    /** Counts changes to the directory, templates and super users, for in-memory copies of them. */
    public ConfigurationChanges changes() {
        return changes;
    }

    /** Tenant identity and super users. */
    public TenantStore tenant() {
        return tenant;
    }

    /** Revoked content ids: read on every licensing decision. */
    public ContentRevocations revocations() {
        return revocations;
    }

    /** Users and groups. */
    public DirectoryStore directory() {
        return directory;
    }

    /** Rights policy templates. */
    public TemplateStore templates() {
        return templates;
    }

    /** The versioned authorized-servers list and its change feed. */
    public AuthorizedServerStore authorizedServers() {
        return authorizedServers;
    }

    /** The usage log. */
    public UsageLog usage() {
        return usage;
    }

    /**
     * The usage log's batch writer: {@link UsageWriter#start()} it to take usage rows off the request path, and
     * {@link UsageWriter#close()} it when the service stops.
     */
    public UsageWriter usageWriter() {
        return usageWriter;
    }

    /** Registered connectors. */
    public ConnectorRegistry connectors() {
        return connectors;
    }

    /** Passwords and administrative roles of users. */
    public CredentialStore credentials() {
        return credentials;
    }

    /** The replay register every node shares: each assertion id is accepted once. */
    public UsedAssertions usedAssertions() {
        return usedAssertions;
    }

    /** Channel sessions, opened at any node. */
    public ChannelSessionStore channelSessions() {
        return channelSessions;
    }

    /**
     * The transaction runner every facet shares: work that calls several facets inside
     * {@code tx().required(...)} commits or rolls back as one.
     */
    public TxRunner tx() {
        return tx;
    }
}

package org.rmsconnector.api.event;

/**
 * The event catalog. Ids below 4000 are the reference product's, kept so its administrators feel at home; ids from
 * 4000 up are ours. Each event is logged as a structured line carrying its id and posted on EventAdmin under
 * {@link #TOPIC_PREFIX} + id.
 */
public enum ConnectorEvent {
    STARTED(1000, Level.INFO, "connector started"),
    STOPPED(1001, Level.INFO, "connector stopped"),
    FIRST_CONNECTION(1002, Level.INFO, "an authorized account connected for the first time"),
    SWITCHED_TO_HTTPS(1003, Level.INFO, "a client switched from HTTP to HTTPS"),
    POLICY_UPDATED(1004, Level.INFO, "the authorized-accounts list was updated"),
    NO_PRINCIPAL(2000, Level.WARNING, "no authenticated principal on a request"),
    UNAUTHORIZED(2001, Level.WARNING, "unauthorized access attempt"),
    PLAIN_HTTP(2002, Level.WARNING, "a client uses plain HTTP"),
    POLICY_EMPTY(2003, Level.WARNING, "the authorized-accounts list is empty"),
    UNHANDLED_EXCEPTION(3000, Level.ERROR, "unhandled exception"),
    POLICY_DOWNLOAD_FAILED(3001, Level.ERROR, "could not download authorization information"),
    WORKLOAD_ENABLED(4000, Level.INFO, "a workload was enabled"),
    WORKLOAD_DISABLED(4001, Level.INFO, "a workload was disabled"),
    ADAPTER_ADDED(4002, Level.INFO, "a workload adapter became available"),
    ADAPTER_REMOVED(4003, Level.WARNING, "a workload adapter went away"),
    CLOUD_UNAVAILABLE(4010, Level.ERROR, "the cloud service could not be reached"),
    /**
     * An HTTPS listener refused a TLS handshake because of the client certificate presented (untrusted, expired,
     * not for client authentication, …): subject, issuer, serial, reason, peer and listener. At most one per
     * certificate and reason per interval; the rest are counted and summarized in one more 4020 (property
     * {@code suppressed}).
     */
    TLS_HANDSHAKE_REFUSED(4020, Level.WARNING, "a TLS client certificate was refused"),
    LOGIN_THROTTLED(4030, Level.WARNING, "repeated failed administrator logins: the source or user must wait"),
    CROSS_SITE_REFUSED(4031, Level.WARNING, "a cross-site change to the administration surface was refused"),
    /** The node left its load balancer's rotation: on SIGTERM before it stops, or on an administrator's action. */
    NODE_DRAINING(4040, Level.INFO, "the node is draining: out of rotation, still serving"),
    /** The node is back in rotation after an administrator's drain. */
    NODE_RESUMED(4041, Level.INFO, "the node is back in rotation"),
    /**
     * One authorized server passed its concurrency or rate limit and got 429; posted once per server and interval,
     * with how many were refused.
     */
    SERVER_THROTTLED(4050, Level.WARNING, "an on-premises server passed its request limit and gets 429");

    /** EventAdmin topic prefix; the full topic is the prefix followed by the id, e.g. {@code org/rmsconnector/event/1000}. */
    public static final String TOPIC_PREFIX = "org/rmsconnector/event/";
    /** Event property holding the numeric id. */
    public static final String PROPERTY_ID = "rms.event.id";
    /** Event property holding the level name. */
    public static final String PROPERTY_LEVEL = "rms.event.level";
    /** Event property holding the human-readable message. */
    public static final String PROPERTY_MESSAGE = "rms.event.message";

    /** Severity, as the reference's event log has it. */
    public enum Level { INFO, WARNING, ERROR }

    private final int id;
    private final Level level;
    private final String description;

    ConnectorEvent(int id, Level level, String description) {
        this.id = id;
        this.level = level;
        this.description = description;
    }

    public int id() {
        return id;
    }

    public Level level() {
        return level;
    }

    /** What the event means, as the catalog in the operations guide words it. */
    public String description() {
        return description;
    }

    /** The EventAdmin topic this event is posted on. */
    public String topic() {
        return TOPIC_PREFIX + id;
    }
}

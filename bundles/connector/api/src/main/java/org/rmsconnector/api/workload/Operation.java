package org.rmsconnector.api.workload;

/**
 * A rights-management operation, with the path under {@code /_wmcs} that the reference product uses for it.
 */
public enum Operation {
    /** Service information and service locations (the tenant's URLs). */
    SERVER_INFO("/licensing/server.asmx", true),
    /** Certify a server's public key (the server certificate, which names the holder of licenses). */
    CERTIFY("/certification/certification.asmx", true),
    /** Sign a publishing license drafted by the server; the content key in it is already wrapped to the tenant. */
    PUBLISH("/licensing/publish.asmx", false),
    /** Acquire use licenses for one or more publishing licenses (batched). */
    ACQUIRE_LICENSE("/licensing/license.asmx", true),
    /** Acquire pre-licenses: one use license per recipient of one message. */
    ACQUIRE_PRELICENSE("/licensing/prelicense.asmx", true),
    /** List templates, or fetch one by id. */
    TEMPLATES("/licensing/templatedistribution.asmx", true);

    private final String path;
    private final boolean idempotent;

    Operation(String path, boolean idempotent) {
        this.path = path;
        this.idempotent = idempotent;
    }

    /** The path below {@code /_wmcs}, as the reference names it. */
    public String path() {
        return path;
    }

    /**
     * Whether repeating the call has no effect the caller could notice, so a transport may retry it after a failure.
     * Publishing is not: a retry would sign a second license for the same draft.
     */
    public boolean idempotent() {
        return idempotent;
    }
}

package org.rmsconnector.api.node;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Takes this node out of its load balancer's rotation without failing a request: while it drains, {@code /health}
 * and the verification page answer 503 (so the balancer stops sending new connections), every answer closes its
 * connection (so clients open their next one to another node), and requests keep being served. The relay provides
 * it; it drains on SIGTERM by itself and then stops the node, and an administrator can drain and resume it.
 */
@ProviderType
public interface NodeDrain {

    /** Starts draining now (no effect when already draining). The node keeps running until told otherwise. */
    void drain(String reason);

    /** Back into rotation: {@code /health} reports the node's parts again. No effect while stopping. */
    void resume();

    /** Since when this node drains, or empty when it is in rotation. */
    Optional<Instant> drainingSince();

    /** Relayed requests accepted and not answered yet. */
    int inFlight();
}

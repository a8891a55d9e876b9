package org.rmsconnector.api.admin;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The TLS handshakes this node's HTTPS listeners refused because of the client certificate presented (untrusted,
 * expired, not for client authentication, …), counted since the node started. The relay writes them to
 * {@code /metrics} as {@code rms_tls_handshakes_refused_total{reason}}; each refusal is also an event 4020 (rate
 * limited, the counts are not). Provided by the bundle that watches the listeners' handshakes.
 */
@ProviderType
public interface HandshakeRefusals {

    /**
     * Refused handshakes by reason, every reason the provider knows included (with 0 when none happened), so a
     * scraper sees each series from the start. Reasons are lower-case words such as {@code untrusted},
     * {@code expired}, {@code not_yet_valid}, {@code wrong_usage}, {@code revoked}, {@code invalid}.
     */
    Map<String, Long> refusedByReason();
}

/**
 * The transport's implementation: the HTTP/2 client toward the cloud with its retries and circuit breaker, the
 * proxy, the connector's credentials and registration, the channel session, and the authorized-servers sync. Not
 * exported.
 *
 * <p>Shaped as components that each own one piece of state, so no object writes another's fields:
 * {@link org.rmsconnector.transport.internal.CloudChannel} here (configuration, client, breaker) and, in a
 * sub-package per job, {@code registration.ConnectorIdentity} (the credentials, and nothing else writes them),
 * {@code forwarding}, {@code policy} and {@code connection}, which offer the API services on top of them. The
 * doctor's checks on this channel live in their own bundle ({@code rms-doctor}) and read only the exported
 * {@code CloudConnection}. This package keeps what they all share. Each starts its threads in {@code @Activate} and
 * stops them in {@code @Deactivate}; settings travel as small records ({@code HttpCloudTransport.Limits},
 * {@code PolicySync.Pacing}) rather than long constructor argument lists.
 */
package org.rmsconnector.transport.internal;

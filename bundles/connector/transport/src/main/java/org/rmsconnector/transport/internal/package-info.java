/**
 * The transport's implementation: the HTTP/2 client toward the cloud with its retries and circuit breaker, the
 * proxy, the connector's credentials and registration, the channel session, and the authorized-servers sync. Not
 * exported.
 *
 * <p>Shaped as components that each own one piece of state, so no object writes another's fields:
 * {@link org.rmsconnector.transport.internal.CloudChannel} (configuration, client, breaker),
 * {@link org.rmsconnector.transport.internal.ConnectorIdentity} (the credentials, and nothing else writes them),
 * and the three that offer the API services on top of them. Each starts its threads in {@code @Activate} and stops
 * them in {@code @Deactivate}; settings travel as small records ({@code HttpCloudTransport.Limits},
 * {@code PolicySync.Pacing}) rather than long constructor argument lists.
 */
package org.rmsconnector.transport.internal;

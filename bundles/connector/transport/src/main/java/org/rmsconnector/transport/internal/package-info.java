/**
 * The transport's implementation: the HTTP/2 client toward the cloud with its retries and circuit breaker, the
 * proxy, the connector's credentials and registration, and the authorized-servers sync. Not exported.
 */
package org.rmsconnector.transport.internal;

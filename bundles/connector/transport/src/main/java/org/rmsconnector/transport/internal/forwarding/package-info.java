/** Every call the relay forwards to the cloud: retries, the breaker, the channel session, the call threads. */
package org.rmsconnector.transport.internal.forwarding;

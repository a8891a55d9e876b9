/**
 * The doctor's checks on the node's channel to the cloud (Felix Health Checks tagged {@code rms} and
 * {@code doctor}): the cloud reachable, TLS 1.2 or newer, the clock skew, the connector's credentials and the
 * connector nodes. Each reads the node's {@link org.rmsconnector.api.admin.CloudConnection}; each non-OK message
 * says how to fix it. A bundle of their own because they need nothing of the transport but that exported service.
 * Not exported.
 */
package org.rmsconnector.doctor.internal;

/**
 * The transport's health checks (Felix Health Checks tagged {@code rms} and {@code doctor}): the cloud reachable, TLS
 * 1.2 or newer, the clock skew, the connector's credentials and the connector nodes. Each reads the node's
 * {@link org.rmsconnector.api.admin.CloudConnection}; each non-OK message says how to fix it. Not exported.
 */
package org.rmsconnector.transport.internal.doctor;

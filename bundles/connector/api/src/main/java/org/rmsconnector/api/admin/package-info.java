/**
 * Administration: what the Web Console plugins, the admin REST API, {@code rmsctl admin}, {@code genconfig} and
 * {@code doctor} read and change. Each service is provided by the bundle that owns the state (the transport for the
 * cloud connection, the relay for events and traffic, the adapters for their server configuration, the
 * authorization bundle for the directory, the admin bundle for workload control); the tools keep no state of their
 * own.
 */
@Export
@Version("1.1.0")
package org.rmsconnector.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

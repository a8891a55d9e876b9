/**
 * What the cloud service's HTTP layer and components call: the rights-management operations, the administration API,
 * caller authentication, the caller and refusal types, and the running tenant service ({@code CloudBackend}).
 */
@Export
@Version("1.0.0")
package org.rmsconnector.cloud.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The JSON forms the cloud service's endpoints share: strict reading that names the refused field, writing without
 * nulls, and the template's JSON form (the template endpoint and the administration API).
 */
@Export
@Version("1.0.0")
package org.rmsconnector.cloud.api.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

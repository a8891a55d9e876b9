/**
 * The tenant's domain values: directory principals and the directory they form, templates and their grants, authorized
 * servers, connectors and usage records.
 */
@Export
@Version("1.1.0")
package org.rmsconnector.cloud.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

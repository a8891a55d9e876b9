/** Declarative Services wiring of the cloud service: the database through Transaction Control, the tenant service and its configuration. */
package org.rmsconnector.cloud.internal.osgi;

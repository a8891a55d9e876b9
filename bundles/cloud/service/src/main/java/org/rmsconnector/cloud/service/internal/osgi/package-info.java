/**
 * Declarative Services wiring of the cloud service: the tenant service and its configuration (the database comes from
 * the store bundle's {@code TxRunner} service).
 */
package org.rmsconnector.cloud.service.internal.osgi;

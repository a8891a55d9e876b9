/**
 * Administration of a connector node: the admin REST API, workload control, the server configuration generator and
 * the doctor's own health checks. Not exported.
 */
package org.rmsconnector.admin.internal;

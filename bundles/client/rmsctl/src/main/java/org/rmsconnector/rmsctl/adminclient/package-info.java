/**
 * The HTTP client of the connector's admin REST API ({@code docs/admin-api.md}), used by {@code rmsctl admin},
 * {@code genconfig}, {@code doctor} and {@code connector register}. Not exported.
 */
package org.rmsconnector.rmsctl.adminclient;

/**
 * The {@code rmsctl} commands that call the connector's admin REST API: {@code admin}, {@code connector register},
 * {@code genconfig} and {@code doctor}. Not exported: its interface is the command line.
 */
package org.rmsconnector.rmsctl.admin;

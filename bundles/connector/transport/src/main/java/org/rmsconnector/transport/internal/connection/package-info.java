/**
 * The connection as administrators see and use it ({@code CloudConnection}): status, probe, the cloud's admin
 * calls.
 */
package org.rmsconnector.transport.internal.connection;

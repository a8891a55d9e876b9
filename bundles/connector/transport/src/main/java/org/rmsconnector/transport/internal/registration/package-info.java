/**
 * The connector's credentials and their one owner ({@code ConnectorIdentity}): registration, the encrypted store.
 */
package org.rmsconnector.transport.internal.registration;

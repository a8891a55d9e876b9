/**
 * Password settings that name a file in the node's secrets folder ({@code secret:NAME}) instead of holding the
 * password, read by the components that need a password (transport, authorization, guard, the cloud's key store and
 * directory import). Plain Java; embedded with {@code -conditionalpackage}, never exported.
 */
package org.rmsconnector.commons.secrets;

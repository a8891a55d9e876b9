/** The authorized-servers list: the long-polled, tenant-signed sync, its last-known-good copy, the listeners. */
package org.rmsconnector.transport.internal.policy;

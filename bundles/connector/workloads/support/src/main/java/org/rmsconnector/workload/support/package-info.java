/**
 * What every workload adapter does the same way: reading a request body with the protocol's parser and writing the
 * rewritten one, refusing with a status and a reason, the switch component that enables or disables the adapter
 * component from its configuration, and the URLs of its server configuration. Kept out of the API, which holds no
 * logic. Not exported and not a bundle: each adapter embeds this package with {@code -conditionalpackage}, so an
 * adapter is updated or removed without refreshing the others.
 */
package org.rmsconnector.workload.support;

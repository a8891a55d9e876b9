/** JDBC persistence of the tenant's state, with versioned schema migrations and a pluggable transaction runner. */
package org.rmsconnector.cloud.internal.store;

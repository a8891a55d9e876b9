/** The tenant directory (users, nested groups) and its import from LDAP. */
package org.rmsconnector.cloud.internal.directory;

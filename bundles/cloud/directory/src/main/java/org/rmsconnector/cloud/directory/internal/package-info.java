/** The tenant directory's import from LDAP (users, nested groups) and the component that runs it periodically. */
package org.rmsconnector.cloud.directory.internal;

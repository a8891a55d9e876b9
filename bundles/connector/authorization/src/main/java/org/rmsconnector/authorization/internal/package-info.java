/**
 * The authorization bundle's implementation: who the caller is (client certificate), which groups it belongs to
 * (LDAP), whether and in which role the authorized-servers list lets it in, the events that decision raises, and
 * its health. Not exported.
 */
package org.rmsconnector.authorization.internal;

/**
 * The Kerberos authenticator's implementation: the {@code Authorization: Negotiate} header read
 * ({@link org.rmsconnector.kerberos.internal.NegotiateHeader}), the ticket accepted with the service keytab by the
 * JDK's GSS-API ({@link org.rmsconnector.kerberos.internal.TicketAcceptor}), and the client principal turned into the
 * account the authorized-servers list names ({@link org.rmsconnector.kerberos.internal.KerberosAccounts}). Not
 * exported: the bundle provides only an {@code Authenticator} service.
 */
package org.rmsconnector.kerberos.internal;

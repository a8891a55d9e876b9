/**
 * Reports the TLS handshakes the HTTPS listeners refuse because of the client certificate. The JDK keeps deciding:
 * each listener that asks for client certificates gets trust managers that call the JDK's PKIX trust manager and,
 * when it throws, note who was refused and why before throwing the same exception on. Felix HTTP gives no handle on
 * its Jetty connectors, so the listeners are found through the whiteboard ({@link TlsListenerWatch}) and switched to
 * those trust managers through a JCA provider of this bundle ({@link RefusalReportingProvider}); the README says
 * why this way and not another. Not exported.
 */
package org.rmsconnector.tls.refusals.internal;

/**
 * The header-size limit both HTTP listeners (the connector's and the cloud service's) put in front of their
 * servlets; each keeps only its error shape. Embedded with {@code -conditionalpackage}, never exported.
 */
package org.rmsconnector.commons.http;

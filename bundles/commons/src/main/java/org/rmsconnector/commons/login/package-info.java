/**
 * The growing delay for password guessing that every place checking a password shares (the connector's
 * administrator login, the cloud service's HTTP Basic). Plain Java; embedded with {@code -conditionalpackage},
 * never exported.
 */
package org.rmsconnector.commons.login;

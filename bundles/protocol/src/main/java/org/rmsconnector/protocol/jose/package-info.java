/**
 * The JOSE plumbing every signed format of the protocol shares, exported so that formats in other bundles (the
 * channel's actor assertion, channel session and signed policy in {@code org.rmsconnector.channel}) apply exactly
 * the same rules instead of a copy of them: {@link org.rmsconnector.protocol.jose.Jose} signs, MACs and verifies a
 * compact JWS (algorithms per key type, explicit {@code typ}, no {@code crit}, a {@code ver} claim),
 * {@link org.rmsconnector.protocol.jose.Json} builds claims in a fixed order without null members, and
 * {@link org.rmsconnector.protocol.jose.Fields} reads them strictly, naming the field of every refusal.
 */
@Export
@Version("1.0.0")
package org.rmsconnector.protocol.jose;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

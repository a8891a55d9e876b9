/**
 * The trust protocol of the channel between a connector and its cloud service: the actor assertion a connector
 * signs (or MACs under a channel session) for every call it forwards, the channel session that keys those MACs, and
 * the authorized-servers list as the tenant signed it ({@code docs/protocol.md} §3). Plain Java on
 * {@code org.rmsconnector.protocol} and its JOSE rules ({@code org.rmsconnector.protocol.jose}); used by the
 * connector's transport and the cloud service, not by the client side.
 */
@Export
@Version("1.0.0")
package org.rmsconnector.channel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

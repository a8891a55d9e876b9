/** The relay's implementation: the front door servlet, the request pipeline, health and the event journal. Not exported. */
package org.rmsconnector.relay.internal;

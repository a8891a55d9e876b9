/** The SDK's implementation: HTTP calls, the holder key store, atomic file output. Not exported. */
package org.rmsconnector.client.internal;

/** Implementation helper of the protocol bundle: the strict JSON reader under {@code jose.Fields}. Not exported. */
package org.rmsconnector.protocol.internal;

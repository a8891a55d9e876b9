package org.rmsconnector.tls.refusals.internal;

/** Where the trust managers tell about a refused certificate. Called on the TLS handshake's thread: must not block. */
@FunctionalInterface
interface RefusalSink {
    void refused(Refusal refusal);
}

/**
 * Implementation helpers of the protocol bundle: the strict JSON reader under {@code jose.Fields}, and the OAEP
 * decoding that lets a PKCS#11 token key unwrap RSA-OAEP-256 keys ({@code TokenRsaOaep}). Not exported.
 */
package org.rmsconnector.protocol.internal;

package org.rmsconnector.protocol;

/**
 * Machine-readable reason a protocol object was refused; stable names, safe to log and to
 * send on the wire as an error code.
 */
public enum Reason {
    /** Not syntactically what was expected: bad JSON, a missing or ill-typed field, a bad compact form. */
    MALFORMED,
    /** A well-formed object of a format or claims version this code does not understand. */
    UNSUPPORTED_VERSION,
    /** A JOSE algorithm (or compression) outside the small set this protocol allows. */
    UNSUPPORTED_ALGORITHM,
    /** A valid JOSE object of another kind, e.g. a use license offered as a server certificate. */
    WRONG_TYPE,
    /** The signature does not verify with the key it was checked against. */
    BAD_SIGNATURE,
    /** The object names (kid) a different key than the one supplied: signed or wrapped for someone else. */
    WRONG_KEY,
    /** An RSA key shorter than {@link Keys#MIN_RSA_KEY_SIZE} bits. */
    WEAK_KEY,
    /** Past its expiry (allowing the documented clock skew). */
    EXPIRED,
    /** Issued in the future (allowing the documented clock skew). */
    NOT_YET_VALID,
    /** Authenticated encryption failed: content or a wrapped key was altered, or cut inside a chunk. */
    TAMPERED,
    /** The data ends where the format proves more must follow (header, tag, or the final chunk missing). */
    TRUNCATED,
    /** A wrapped key is bound to another content id or party than the license carrying it. */
    BINDING_MISMATCH,
    /** A local cryptographic operation failed (provider or HSM error), not the input's fault. */
    CRYPTO_FAILURE
}

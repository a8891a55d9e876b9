package org.rmsconnector.tls.refusals.internal;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Why a client certificate was refused, read from what the JDK's trust manager threw: its exceptions carry the
 * reason for validity, revocation and trust; the one for a wrong key usage is only a message, so that case is told
 * by looking at the certificate itself.
 */
enum RefusalReason {
    UNTRUSTED("untrusted", "no CA in the listener's trust store issued it"),
    EXPIRED("expired", "it (or a CA certificate of its chain) has expired"),
    NOT_YET_VALID("not_yet_valid", "it (or a CA certificate of its chain) is not valid yet"),
    WRONG_USAGE("wrong_usage", "its key usage does not allow TLS client authentication"),
    REVOKED("revoked", "it has been revoked"),
    REVOCATION_UNKNOWN("revocation_unknown", "its revocation status could not be determined"),
    INVALID("invalid", "it failed validation");

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private final String label;
    private final String description;

    RefusalReason(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The word used in events and in the metric's {@code reason} label. */
    String label() {
        return label;
    }

    /** Why, in a few words, for the event's message. */
    String description() {
        return description;
    }

    static RefusalReason of(X509Certificate[] chain, Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof CertificateExpiredException) {
                return EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return NOT_YET_VALID;
            }
            if (t instanceof CertificateRevokedException) {
                return REVOKED;
            }
            if (t instanceof CertPathBuilderException) {
                return UNTRUSTED; // the JDK found no path from the certificate to a trust anchor
            }
            if (t instanceof CertPathValidatorException e) {
                CertPathValidatorException.Reason reason = e.getReason();
                if (reason == BasicReason.EXPIRED) {
                    return EXPIRED;
                }
                if (reason == BasicReason.NOT_YET_VALID) {
                    return NOT_YET_VALID;
                }
                if (reason == BasicReason.REVOKED) {
                    return REVOKED;
                }
                if (reason == BasicReason.UNDETERMINED_REVOCATION_STATUS) {
                    return REVOCATION_UNKNOWN;
                }
                if (reason == PKIXReason.NO_TRUST_ANCHOR) {
                    return UNTRUSTED;
                }
            }
        }
        if (chain != null && chain.length > 0 && !allowsClientAuthentication(chain[0])) {
            return WRONG_USAGE; // the JDK's end-entity check says so only in words
        }
        return INVALID;
    }

    /** As the JDK checks a TLS client's certificate: extended key usage and key usage, when present. */
    static boolean allowsClientAuthentication(X509Certificate certificate) {
        try {
            List<String> extended = certificate.getExtendedKeyUsage();
            if (extended != null && !extended.contains(CLIENT_AUTH) && !extended.contains(ANY_USAGE)) {
                return false;
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        boolean[] usage = certificate.getKeyUsage();
        return usage == null || (usage.length > DIGITAL_SIGNATURE && usage[DIGITAL_SIGNATURE]);
    }
}

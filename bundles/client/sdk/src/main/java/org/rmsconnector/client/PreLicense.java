package org.rmsconnector.client;

import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.protocol.PublicJwk;
import org.rmsconnector.protocol.Right;
import org.rmsconnector.protocol.UseLicense;

/**
 * What {@link RmsClient#preLicense} got for one recipient: a use license the service issued to that recipient,
 * with the content key wrapped to the recipient's own public key ({@link Granted}), or why there is none
 * ({@link Refused}). Exchange attaches such licenses to a protected message so that each recipient opens it without
 * asking the service again; only the holder of the recipient's private key can unwrap the content key.
 */
public sealed interface PreLicense permits PreLicense.Granted, PreLicense.Refused {

    /** The recipient, as it was asked for. */
    Recipient recipient();

    /** The recipient's identity. */
    default String identity() {
        return recipient().identity();
    }

    /** Whether a license was issued and passed the client's checks. */
    boolean granted();

    /**
     * A recipient to pre-license: whose rights the service evaluates, and the key it wraps the content key to (the
     * key the recipient's mail client holds; never this client's).
     *
     * @param identity  the recipient's mail address or UPN, as the content's policy names it
     * @param publicKey the recipient's RSA public key, at least 2048 bits
     */
    record Recipient(String identity, RSAPublicKey publicKey) {

        /** Validates: an identity, and a key the service accepts. */
        public Recipient {
            if (identity == null || identity.isBlank()) {
                throw new IllegalArgumentException("identity: the recipient's mail address or UPN is required");
            }
            Objects.requireNonNull(publicKey, "publicKey");
            PublicJwk.of(publicKey); // refuses a weak key here rather than at the service
        }

        @Override
        public String toString() {
            return "Recipient[" + identity + ", key " + PublicJwk.of(publicKey).kid() + "]";
        }
    }

    /**
     * A use license for the recipient, verified: signed by a tenant key this client trusts, valid now, for this
     * content and this recipient, and wrapped to the recipient's key.
     *
     * @param recipient the recipient
     * @param license   the verified use license; {@link UseLicense#unwrapContentKey} with the recipient's
     *                  private key gives the content key
     */
    record Granted(Recipient recipient, UseLicense license) implements PreLicense {

        /** Validates. */
        public Granted {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(license, "license");
        }

        @Override
        public boolean granted() {
            return true;
        }

        /** The license in its compact form, as it travels with the message. */
        public String compact() {
            return license.compact();
        }

        /** The rights the recipient holds. */
        public Set<Right> rights() {
            return license.rights();
        }

        /** When the license ends. */
        public Instant expiresAt() {
            return license.expiresAt();
        }
    }

    /**
     * No license for the recipient: the service refused (the policy grants them nothing, {@code ACCESS_DENIED} or
     * {@code not_granted}; the content expired, …), or the service's license failed this client's checks
     * ({@link RmsClientException#BAD_RESPONSE}).
     *
     * @param recipient the recipient
     * @param code      the service's code, or {@link RmsClientException#BAD_RESPONSE}
     * @param message   for people
     */
    record Refused(Recipient recipient, String code, String message) implements PreLicense {

        /** Validates. */
        public Refused {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean granted() {
            return false;
        }
    }
}

package org.rmsconnector.api.admin;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks the administrator's credentials for every administration surface of a node (the Web Console and the admin
 * REST API), against the one administrator password (data/console-password), with one count of failed attempts per
 * source address and per user name: repeated failures make the next attempt wait, and the wait grows.
 */
@ProviderType
public interface AdministratorLogin {

    /**
     * Checks an HTTP {@code Authorization} header.
     *
     * @param authorization the header as received, or {@code null}
     * @param source        the caller's address, as the HTTP server saw it
     * @return what to answer; never {@code null}
     */
    Outcome login(String authorization, String source);

    /**
     * The verdict on one attempt.
     *
     * @param user       the administrator's user name when the credentials were right, else {@code null}
     * @param retryAfter when positive, the attempt was not even checked: the source or user must wait this long
     * @param reason     why the attempt was refused, for the caller's answer; {@code null} when accepted
     */
    record Outcome(String user, Duration retryAfter, String reason) {
        public static Outcome accepted(String user) {
            return new Outcome(user, Duration.ZERO, null);
        }

        public static Outcome refused(String reason) {
            return new Outcome(null, Duration.ZERO, reason);
        }

        public static Outcome throttled(Duration retryAfter) {
            return new Outcome(null, retryAfter, "too many failed logins from this address or for this user; try"
                    + " again in " + wholeSeconds(retryAfter) + " s");
        }

        public boolean isAccepted() {
            return user != null;
        }

        public boolean isThrottled() {
            return user == null && retryAfter.compareTo(Duration.ZERO) > 0;
        }

        /** Whole seconds for a {@code Retry-After} header, at least 1. */
        public long retryAfterSeconds() {
            return wholeSeconds(retryAfter);
        }

        /** Rounded up, at least 1: a client that waits this long is not refused again. */
        private static long wholeSeconds(Duration d) {
            return Math.max(1, d.toSeconds() + (d.toNanosPart() > 0 ? 1 : 0));
        }
    }
}

package org.rmsconnector.simulators;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rmsconnector.client.FileOptions;
import org.rmsconnector.client.ProtectOptions;
import org.rmsconnector.client.ProtectResult;
import org.rmsconnector.client.ProtectedContent;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;
import org.rmsconnector.client.internal.files.AtomicFileOutput;
import org.rmsconnector.protocol.PublishingLicense;
import org.rmsconnector.protocol.Right;

/**
 * What a SharePoint server with an IRM library does, through the connector. <b>Download:</b> a document leaves
 * the library protected for the user who downloads it, with the library's policy (rights, access expiry, offline
 * days); the library (the SharePoint server's identity) owns it. <b>Upload:</b> a protected document is stored
 * decrypted only if the uploading user holds the library's upload right ({@link #DEFAULT_UPLOAD_RIGHT}); the
 * service evaluates that user's rights (on-behalf-of), never the server's, and a refusal writes nothing.
 */
public final class SharePointSimulation {

    /** The right an upload needs by default: the user may change the document, so the library may store it. */
    public static final Right DEFAULT_UPLOAD_RIGHT = Right.EDIT;

    /**
     * A library's IRM policy.
     *
     * @param rights       what the downloading user may do (the connector accepts VIEW, VIEWRIGHTSDATA, PRINT,
     *                     EDIT, DOCEDIT, EXTRACT, OBJMODEL)
     * @param expiryDays   days until access ends, or null for never
     * @param offlineDays  days a license may be used without checking back, or null for the SDK's default
     */
    public record LibraryPolicy(Set<Right> rights, Integer expiryDays, Integer offlineDays) {
        /** Validates and freezes. */
        public LibraryPolicy {
            if (rights == null || rights.isEmpty()) {
                throw new IllegalArgumentException("a library policy grants at least one right (VIEW)");
            }
            rights = Set.copyOf(rights);
            if (expiryDays != null && expiryDays < 1) {
                throw new IllegalArgumentException("expiry days must be at least 1, got " + expiryDays);
            }
            if (offlineDays != null && (offlineDays < 0 || offlineDays > PublishingLicense.MAX_OFFLINE_DAYS)) {
                throw new IllegalArgumentException("offline days must be between 0 and "
                        + PublishingLicense.MAX_OFFLINE_DAYS + ", got " + offlineDays);
            }
        }

        /** The protection for {@code user}, downloading at {@code now}. */
        ProtectOptions protectionFor(String user, Instant now) {
            ProtectOptions o = ProtectOptions.grants(Map.of(user, rights));
            if (expiryDays != null) {
                o = o.withContentExpiry(now.plus(Duration.ofDays(expiryDays)));
            }
            return offlineDays != null ? o.withOfflineDays(offlineDays) : o;
        }
    }

    /**
     * A protected download.
     *
     * @param document       the library's document
     * @param user           who downloaded it
     * @param protectedFile  the protected copy they received
     * @param protection     what the protection step returned
     */
    public record Download(Path document, String user, Path protectedFile, ProtectResult protection) {
    }

    /** How an upload ended. */
    public enum Outcome {
        /** Decrypted and stored. */
        DECRYPTED,
        /** The user lacks the right (the service's decision, or the upload right missing): nothing stored. */
        REFUSED,
        /** The SDK cannot act on behalf of a user ({@link OnBehalfOpener#UNSUPPORTED}). */
        UNSUPPORTED,
        /** Something else went wrong (service unavailable, damaged file, disk): nothing stored. */
        FAILED
    }

    /**
     * One upload.
     *
     * @param user       who uploaded
     * @param outcome    how it ended
     * @param output     where the decrypted document is (or would have been) stored
     * @param written    whether {@code output} was written by this upload
     * @param rights     the rights the user's license granted, empty when none came
     * @param identical  for a decrypted upload: whether it equals the original document; null when not compared
     * @param code       the refusal or failure code, null when decrypted
     * @param message    what happened, for people
     */
    public record Upload(String user, Outcome outcome, Path output, boolean written, Set<Right> rights,
            Boolean identical, String code, String message) {
        /** Freezes. */
        public Upload {
            rights = Set.copyOf(rights);
        }

        /** Whether the upload ended as the library's rules say it must, with nothing stored on a refusal. */
        public boolean asRuled() {
            return outcome == Outcome.DECRYPTED && written && !Boolean.FALSE.equals(identical)
                    || outcome == Outcome.REFUSED && !written;
        }
    }

    private final RmsClient rms;
    private final OnBehalfOpener opener;

    /**
     * A simulation acting as the SharePoint server {@code rms} is configured for, opening uploads with
     * {@code opener}.
     */
    public SharePointSimulation(RmsClient rms, OnBehalfOpener opener) {
        this.rms = Objects.requireNonNull(rms, "rms");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** Protects {@code document} into {@code protectedFile} for {@code user} with the library's policy. */
    public Download download(Path document, Path protectedFile, String user, LibraryPolicy policy, boolean overwrite,
            Instant now) throws RmsClientException {
        Names.outputFolder(Names.folderOf(protectedFile));
        ProtectResult r = rms.protectFile(document, protectedFile, policy.protectionFor(user, now),
                FileOptions.DEFAULT.withOverwrite(overwrite));
        return new Download(document, user, protectedFile, r);
    }

    /**
     * Decrypts the uploaded {@code protectedFile} into {@code output} on behalf of {@code user}, if the user's
     * license grants {@code required}. Never throws for the upload's own outcome: a refusal or failure is an
     * {@link Upload} with nothing written.
     *
     * @param original  the document to compare a decrypted upload with, or null
     */
    public Upload upload(Path protectedFile, Path output, String user, Right required, boolean overwrite,
            Path original) {
        if (!overwrite && Files.exists(output)) {
            return new Upload(user, Outcome.FAILED, output, false, Set.of(), null, RmsClientException.OUTPUT_EXISTS,
                    output + " exists; pass overwrite to replace it");
        }
        Set<Right> rights = Set.of();
        try (InputStream in = Files.newInputStream(protectedFile);
                ProtectedContent content = opener.open(in, user)) {
            rights = content.rights();
            if (!content.allows(required)) {
                return new Upload(user, Outcome.REFUSED, output, false, rights, null, RmsClientException.ACCESS_DENIED,
                        user + " may only " + names(rights) + " this document; storing an upload needs " + required);
            }
            AtomicFileOutput.write(output.toAbsolutePath(), overwrite, out -> content.stream().transferTo(out));
        } catch (RmsClientException e) {
            return new Upload(user, outcome(e), output, false, rights, null, e.code(), e.getMessage());
        } catch (IOException e) {
            return new Upload(user, Outcome.FAILED, output, false, rights, null, RmsClientException.IO,
                    "cannot read " + protectedFile + ": " + e.getMessage());
        }
        Boolean identical = null;
        if (original != null) {
            try {
                identical = ExchangeMailSimulation.sameBytes(original, output);
            } catch (RmsClientException e) {
                return new Upload(user, Outcome.FAILED, output, true, rights, null, e.code(), e.getMessage());
            }
        }
        return new Upload(user, Outcome.DECRYPTED, output, true, rights, identical, null, user
                + " holds " + required + ": decrypted");
    }

    /**
     * A refusal about the user's rights: the SDK's own check, or a per-item answer of the service (no HTTP error
     * status). Transport and local failures, and a refused request as a whole, are failures.
     */
    static Outcome outcome(RmsClientException e) {
        if (OnBehalfOpener.UNSUPPORTED_CODE.equals(e.code())) {
            return Outcome.UNSUPPORTED;
        }
        if (RmsClientException.ACCESS_DENIED.equals(e.code()) && e.httpStatus() != 401) {
            return Outcome.REFUSED;
        }
        boolean local = Set.of(RmsClientException.NOT_PROTECTED, RmsClientException.TAMPERED,
                RmsClientException.UNSUPPORTED_VERSION, RmsClientException.SERVICE_UNAVAILABLE,
                RmsClientException.SERVICE_ERROR, RmsClientException.BAD_RESPONSE, RmsClientException.TLS_FAILURE,
                RmsClientException.IO, RmsClientException.OUTPUT_EXISTS, RmsClientException.BAD_ARGUMENT,
                RmsClientException.KEY_STORE, RmsClientException.CANCELLED, RmsClientException.UNAUTHENTICATED)
                .contains(e.code());
        return !local && e.httpStatus() == 0 ? Outcome.REFUSED : Outcome.FAILED;
    }

    private static String names(Set<Right> rights) {
        return rights.isEmpty() ? "nothing" : EnumSet.copyOf(rights).toString();
    }
}

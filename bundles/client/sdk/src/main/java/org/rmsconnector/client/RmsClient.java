package org.rmsconnector.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.protocol.ServerCertificate;
import org.rmsconnector.protocol.ServerInfo;
import org.rmsconnector.protocol.TemplateSummary;

/**
 * A client of the rights-management service, talking to it directly or through a connector:
 * what MSIPC is on Windows. Thread-safe; create one per configuration and reuse it.
 *
 * <p>The client keeps an RSA key pair of its own (the <em>holder key</em>, generated on first
 * use in {@link ClientConfig#home()}) and a server certificate the service issued for it. Use
 * licenses carry content keys wrapped to that key, so only this client can open what it is
 * licensed for; a connector in between sees wrapped keys only.
 *
 * <p>Streams passed in are neither closed nor buffered beyond one chunk. Every failure is an
 * {@link RmsClientException} with a {@linkplain RmsClientException#code() code}.
 */
@ProviderType
public interface RmsClient extends AutoCloseable {

    /** Suffix of protected files, by this project's convention: {@code report.docx} → {@code report.docx.rmsp}. */
    String PROTECTED_SUFFIX = ".rmsp";

    /** A client for {@code config}. Nothing is read or sent until the first operation. */
    static RmsClient create(ClientConfig config) {
        return Implementation.FACTORY.create(config);
    }

    /**
     * What makes clients: the SDK's implementation, found with {@link java.util.ServiceLoader} in the SDK's own jar
     * ({@code META-INF/services}), so this API package does not import the implementation package that imports it.
     */
    @ProviderType
    interface Factory {
        RmsClient create(ClientConfig config);
    }

    /** The configuration. */
    ClientConfig config();

    /** What the service says about itself; unauthenticated. */
    ServerInfo serverInfo() throws RmsClientException;

    /** The templates the identity may protect with. */
    List<TemplateSummary> templates() throws RmsClientException;

    /**
     * The server certificate for the holder key: the cached one while it is valid for more than
     * a few minutes, otherwise a new one from the service (the holder key is created first if needed).
     */
    ServerCertificate certify() throws RmsClientException;

    /**
     * Protects {@code plaintext} into {@code out}: a fresh AES-256 content key, wrapped to the
     * tenant key here, published by the service, then the content encrypted chunk by chunk. On
     * failure {@code out} holds an incomplete file that the caller must discard (the file
     * methods do that for you).
     */
    ProtectResult protect(InputStream plaintext, OutputStream out, ProtectOptions options) throws RmsClientException;

    /**
     * Writes the plaintext of {@code protectedIn} to {@code plainOut}: removes protection, so
     * the use license must grant {@code EXPORT} (or {@code OWNER}), as in the reference. On
     * failure, {@code plainOut} may hold authenticated plaintext of the chunks before the
     * failure; the caller must discard it (the file methods do that for you).
     */
    UnprotectResult unprotect(InputStream protectedIn, OutputStream plainOut) throws RmsClientException;

    /** Opens protected content for use under a use license that grants at least {@code VIEW}. */
    ProtectedContent open(InputStream protectedIn) throws RmsClientException;

    /**
     * Opens protected content for a user this client acts for, as SharePoint does when a user uploads a protected
     * document: the service licenses the user named (who must hold at least {@code VIEW}), not this client, and
     * only a caller whose role allows acting for users (SharePoint through the connector) may ask. The license
     * still binds the content key to this client's key; the rights are the user's.
     *
     * @param onBehalfOf the user's UPN, or {@code null} for this client's own identity (as {@link #open(InputStream)})
     */
    ProtectedContent open(InputStream protectedIn, String onBehalfOf) throws RmsClientException;

    /**
     * Pre-licenses the recipients of protected content, as Exchange does for the recipients of one message: reads
     * the publishing license from the header of {@code protectedIn} (nothing after the header is read), and asks the
     * service for a use license per recipient, evaluated on that recipient's own rights and with the content key
     * wrapped to that recipient's public key. Only an Exchange server (through the connector) and the content's
     * owner may ask; anyone else is refused as a whole ({@code prelicense_not_allowed}).
     *
     * <p>Each license is verified before it is returned: signed by a tenant key of this client's licensor chain,
     * valid now, for this content and recipient, and wrapped to the recipient's key; one that is not is
     * {@link PreLicense.Refused} with {@link RmsClientException#BAD_RESPONSE}. More than
     * {@value org.rmsconnector.protocol.AcquirePreLicenseRequest#MAX_RECIPIENTS} recipients are sent in several
     * requests; a connector configured for fewer per request refuses with {@code too_many_recipients}. A service
     * that no longer takes this client's certificate is asked once more with a fresh one.
     *
     * @param protectedIn the protected content (its header is enough)
     * @param recipients  one or more recipients
     * @return one outcome per recipient, in the order of {@code recipients}
     * @throws RmsClientException when the content is not protected or damaged, or the service refused the request
     *                            as a whole or could not be reached
     */
    List<PreLicense> preLicense(InputStream protectedIn, List<PreLicense.Recipient> recipients)
            throws RmsClientException;

    /** {@link #preLicense(InputStream, List)} for a protected file. */
    default List<PreLicense> preLicense(Path protectedFile, List<PreLicense.Recipient> recipients)
            throws RmsClientException {
        Objects.requireNonNull(protectedFile, "protectedFile");
        try (InputStream in = Files.newInputStream(protectedFile)) {
            return preLicense(in, recipients);
        } catch (NoSuchFileException e) {
            throw new RmsClientException(RmsClientException.BAD_ARGUMENT, "the protected file " + protectedFile
                    + " does not exist", e);
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + protectedFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads a protected file's header: no key, no network, no identity needed. */
    ProtectionInfo info(InputStream protectedIn) throws RmsClientException;

    /**
     * Protects file {@code in} into file {@code out} with constant memory. The output appears
     * atomically, complete, or not at all: it is written to a temporary file beside it and
     * renamed only after everything succeeded.
     */
    ProtectResult protectFile(Path in, Path out, ProtectOptions options, FileOptions fileOptions)
            throws RmsClientException;

    /**
     * Unprotects file {@code in} into file {@code out} with constant memory; the plaintext
     * appears only after the last chunk authenticated (see {@link #protectFile}). Requires
     * {@code EXPORT} or {@code OWNER}, like {@link #unprotect}.
     */
    UnprotectResult unprotectFile(Path in, Path out, FileOptions fileOptions) throws RmsClientException;

    /** Forgets keys held in memory. */
    /**
     * Who obtained or was refused a license for {@code contentId}, when, through which connector and server, and
     * whether it is revoked: the cloud service's administration API ({@code content/{id}/tracking}). The service
     * URL must be the cloud service's (not a connector's); only the content's owner and global administrators may
     * ask.
     *
     * @throws RmsClientException {@code BAD_ARGUMENT} for a malformed id; {@code not_content_owner} (403) for anyone
     *         else; {@code not_found} when the service knows no owner of it
     * @since 0.5
     */
    ContentTracking track(String contentId) throws RmsClientException;

    /**
     * Revokes {@code contentId}: the cloud service issues no new license for it, to anyone, from its next
     * decision on, on every node; super users still get licenses only with {@code allowSuperUsers}. Licenses
     * issued before keep working offline until they expire. Revoking again replaces the revocation.
     *
     * @return the revocation in force
     * @since 0.5
     */
    ContentTracking.Revocation revoke(String contentId, boolean allowSuperUsers) throws RmsClientException;

    /**
     * Undoes a revocation of {@code contentId}: licenses are issued again as its policy says.
     *
     * @since 0.5
     */
    void reinstate(String contentId) throws RmsClientException;

    @Override
    void close();
}

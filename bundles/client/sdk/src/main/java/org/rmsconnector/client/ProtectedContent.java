package org.rmsconnector.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;
import org.rmsconnector.protocol.Right;

/**
 * Protected content opened for use under a use license. The application must enforce
 * {@link #rights()}: the SDK only checked that viewing is allowed.
 *
 * <p>{@link #stream()} returns only authenticated plaintext, but chunk by chunk: a damaged
 * file fails with an {@code IOException} part-way. An application that needs all-or-nothing
 * must buffer to a temporary place until end of stream, as {@link RmsClient#unprotectFile} does.
 */
@ProviderType
public interface ProtectedContent extends Closeable {

    /** The header information. */
    ProtectionInfo info();

    /** The granted rights. */
    Set<Right> rights();

    /** Whether {@code right} is granted ({@link Right#OWNER} implies every right). */
    default boolean allows(Right right) {
        return rights().contains(Right.OWNER) || rights().contains(right);
    }

    /** When the use license ends. */
    Instant licenseExpiresAt();

    /** The plaintext. Closing it (or this) closes the underlying stream. */
    InputStream stream();

    @Override
    void close() throws IOException;
}

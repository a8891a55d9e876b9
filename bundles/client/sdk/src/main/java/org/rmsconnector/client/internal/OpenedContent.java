package org.rmsconnector.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import org.rmsconnector.client.ProtectedContent;
import org.rmsconnector.client.ProtectionInfo;
import org.rmsconnector.protocol.Right;

/** What {@link DefaultRmsClient#open} returns: the decrypting stream with what the license allows. */
final class OpenedContent implements ProtectedContent {
    private final ProtectionInfo info;
    private final Set<Right> rights;
    private final Instant licenseExpiresAt;
    private final InputStream stream;

    OpenedContent(ProtectionInfo info, Set<Right> rights, Instant licenseExpiresAt, InputStream stream) {
        this.info = info;
        this.rights = Set.copyOf(rights);
        this.licenseExpiresAt = licenseExpiresAt;
        this.stream = stream;
    }

    @Override
    public ProtectionInfo info() {
        return info;
    }

    @Override
    public Set<Right> rights() {
        return rights;
    }

    @Override
    public Instant licenseExpiresAt() {
        return licenseExpiresAt;
    }

    @Override
    public InputStream stream() {
        return stream;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}

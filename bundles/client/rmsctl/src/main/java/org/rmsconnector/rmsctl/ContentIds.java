package org.rmsconnector.rmsctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rmsconnector.client.RmsClient;
import org.rmsconnector.client.RmsClientException;

/** What {@code track} and {@code revoke} accept: a content id, or a protected file whose header names one. */
final class ContentIds {

    private ContentIds() {
    }

    static String resolve(RmsClient client, String contentIdOrFile) throws RmsClientException {
        Path p = Path.of(contentIdOrFile);
        if (!Files.isRegularFile(p)) {
            return contentIdOrFile.strip();
        }
        try (InputStream in = Files.newInputStream(p)) {
            return client.info(in).contentId();
        } catch (IOException e) {
            throw new RmsClientException(RmsClientException.IO, "cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}

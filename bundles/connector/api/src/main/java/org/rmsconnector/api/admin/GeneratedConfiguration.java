package org.rmsconnector.api.admin;

import java.util.List;

/**
 * A generated server configuration.
 *
 * @param fileName a file name for it, e.g. {@code rms-connector-exchange.reg}
 * @param content  the file's content
 * @param warnings what the administrator should know before using it (a single node's name instead of the
 *                 load-balanced name, plain HTTP, ...)
 */
public record GeneratedConfiguration(String fileName, String content, List<String> warnings) {
    public GeneratedConfiguration {
        warnings = List.copyOf(warnings);
    }
}

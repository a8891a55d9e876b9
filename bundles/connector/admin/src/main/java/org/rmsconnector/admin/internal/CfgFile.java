package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Changes one property of a FileInstall {@code .cfg} file in place, keeping its comments and other lines, and
 * replaces the file atomically so FileInstall never reads half of it.
 */
final class CfgFile {
    private CfgFile() {
    }

    static void setProperty(Path file, String key, String value) throws IOException {
        // FileInstall reads .cfg files as ISO-8859-1 unless told otherwise; keep every byte as it was
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        Pattern line = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*([=:\\s]|$).*");
        String replacement = key + "=" + value;
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            boolean continuation = i > 0 && endsWithContinuation(lines.get(i - 1));
            if (!continuation && line.matcher(lines.get(i)).matches()) {
                lines.set(i, replacement);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(replacement);
        }
        // a dot name keeps the temporary file out of FileInstall's .cfg filter
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, lines, StandardCharsets.ISO_8859_1);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}

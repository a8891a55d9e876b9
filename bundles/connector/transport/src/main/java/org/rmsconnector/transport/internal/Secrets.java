package org.rmsconnector.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;

/** Passwords: read from files without leaving copies around, and telling a wrong password from a damaged file. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The password in {@code file}: its content without the final line break (files written with {@code echo}
     * end in one).
     */
    public static char[] readPasswordFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            int end = chars.limit();
            while (end > 0 && (chars.get(end - 1) == '\n' || chars.get(end - 1) == '\r')) {
                end--;
            }
            char[] password = new char[end];
            chars.get(password, 0, end);
            Arrays.fill(chars.array(), '\0');
            return password;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Whether a keystore failed to load because of its password rather than its content. */
    public static boolean isWrongPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecoverableKeyException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("password was incorrect") || m.contains("integrity check"))) {
                return true;
            }
        }
        return false;
    }
}

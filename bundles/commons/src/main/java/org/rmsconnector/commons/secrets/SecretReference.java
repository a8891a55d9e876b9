package org.rmsconnector.commons.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A password setting that names a secret instead of holding it: {@code secret:NAME} is the content of the file NAME
 * in the node's secrets folder ({@code data/}, the framework property {@value #SECRETS_DIR_PROPERTY} that the start
 * script sets), read when the component starts. Any other value is the password itself.
 *
 * <p>Why not ConfigAdmin's {@code $[secret:NAME]} interpolation: that puts the value into the component's
 * properties, and the Web Console's Declarative Services status page ({@code status-scr.txt}) prints every
 * component property, private ones included. A reference keeps only the name there.
 */
public final class SecretReference {
    /** The prefix of a reference. */
    public static final String PREFIX = "secret:";
    /** The framework property naming the secrets folder (the same one ConfigAdmin interpolation reads). */
    public static final String SECRETS_DIR_PROPERTY = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]*");

    private SecretReference() {
    }

    /** Whether the value is a reference rather than a password. */
    public static boolean isReference(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /**
     * The password a setting stands for: for {@code secret:NAME} the file's content without its trailing line end,
     * otherwise the value itself ({@code null} stays {@code null}).
     *
     * @param setting    the configured value
     * @param secretsDir the secrets folder; needed only for a reference
     * @param what       the setting's name, for the message (e.g. {@code org.rmsconnector.cloud .keystore.password})
     * @throws IllegalArgumentException naming the setting, the secret and the folder when it cannot be read
     */
    public static String resolve(String setting, String secretsDir, String what) {
        if (!isReference(setting)) {
            return setting;
        }
        String name = setting.substring(PREFIX.length()).strip();
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(what + ": '" + setting + "' is no secret reference: write secret:NAME,"
                    + " where NAME is a file in the secrets folder (letters, digits, . _ @ -)");
        }
        if (secretsDir == null || secretsDir.isBlank()) {
            throw new IllegalArgumentException(what + ": refers to secret " + name + " but no secrets folder is set"
                    + " (framework property " + SECRETS_DIR_PROPERTY + "; bin/rms-connector sets it to data/)");
        }
        Path file = Path.of(secretsDir).resolve(name);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + ": secret " + name + " not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot read secret " + name + " (" + file + "): " + e);
        }
    }
}

package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic against the Web Console's own user and password (PID {@value #PID}), read on every call so a changed
 * password applies at once and there is one admin password, not two. Unlike the console, the API never falls back
 * to a built-in default: without that configuration (or with a placeholder that was not resolved) nobody gets in.
 */
final class ConsoleCredentials {
    static final String PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCredentials.class);

    private final ConfigurationAdmin admin;

    ConsoleCredentials(ConfigurationAdmin admin) {
        this.admin = admin;
    }

    /** The user name when the {@code Authorization} header holds the console's credentials, else {@code null}. */
    String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Map<String, Object> config;
        try {
            config = ConfigReader.processed(admin, PID);
        } catch (IOException | IllegalStateException e) {
            LOG.warn("cannot read the Web Console configuration {}: {}", PID, e.toString());
            return null;
        }
        String expectedUser = ConfigReader.text(config, "username");
        String expectedPassword = ConfigReader.text(config, "password");
        if (expectedUser == null || expectedPassword == null || expectedPassword.isEmpty()
                || expectedPassword.startsWith("$[")) {
            LOG.warn("admin API refused {}: the Web Console configuration {} has no usable username and password"
                    + " (is data/console-password there and the interpolation plugin running?)", user, PID);
            return null;
        }
        // both checks always run, so the time does not tell whether the user name was right
        boolean userOk = ConsolePassword.equal(expectedUser, user);
        boolean passwordOk = ConsolePassword.matches(expectedPassword, password);
        return userOk && passwordOk ? expectedUser : null;
    }
}

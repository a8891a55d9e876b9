package org.rmsconnector.guard.internal;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rmsconnector.api.admin.AdministratorLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web Console's authentication, through {@link AdministratorLogin}: the console and the admin API share one
 * password and one count of failures. Registered with the id {@value #ID}, which the distribution makes required
 * ({@code felix.webconsole.security.providers}), so the console is not served at all while this provider is absent
 * and never falls back to its built-in default user.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
public class ConsoleSecurityProvider implements SecurityProvider {
    static final String ID = "rms";
    static final String REALM = "RMS Connector";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurityProvider.class);

    private final AdministratorLogin login;

    @Activate
    public ConsoleSecurityProvider(@Reference AdministratorLogin login) {
        this.login = login;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        AdministratorLogin.Outcome outcome = login.login(request.getHeader("Authorization"), request.getRemoteAddr());
        if (outcome.isAccepted()) {
            return outcome.user();
        }
        try {
            if (outcome.isThrottled()) {
                response.setHeader("Retry-After", String.valueOf(outcome.retryAfterSeconds()));
                answer(response, 429, outcome.reason());
            } else {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
                answer(response, 401, outcome.reason());
            }
        } catch (java.io.IOException e) {
            LOG.debug("could not answer a refused console login from {}: {}", request.getRemoteAddr(), e.toString());
        }
        return null;
    }

    private static void answer(HttpServletResponse response, int status, String message) throws java.io.IOException {
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public boolean authorize(Object user, String role) {
        // one administrator, who may do everything the console offers
        return user != null;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // HTTP Basic keeps no session of ours; the browser forgets the credentials when it is closed
    }
}

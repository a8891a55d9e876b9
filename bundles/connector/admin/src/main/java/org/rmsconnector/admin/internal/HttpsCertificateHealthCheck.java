package org.rmsconnector.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.apache.felix.hc.annotation.HealthCheckService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * The doctor's view of the connector's HTTPS certificate, read from the key store Felix HTTP is configured with
 * (PID {@value #HTTP_PID}, as ConfigAdmin gives it, secrets resolved). CRITICAL when HTTPS cannot work (no key
 * store, unreadable, no key, expired); WARN when it soon will not, or servers may refuse it (self-signed, names).
 * A name mismatch is only a WARN: behind a load balancer that ends TLS itself, the node's certificate is not the
 * one servers see, and the load balancer must not take every node out for it.
 */
@Component(configurationPid = AdminConfiguration.PID)
@HealthCheckService(name = "RMS HTTPS certificate", tags = {"doctor", "rms"})
public class HttpsCertificateHealthCheck implements HealthCheck {
    static final String HTTP_PID = "org.apache.felix.http";
    static final String KEYSTORE = "org.apache.felix.https.keystore";
    static final String PASSWORD = "org.apache.felix.https.keystore.password";
    static final String TYPE = "org.apache.felix.https.keystore.type";
    static final String ENABLE = "org.apache.felix.https.enable";

    private final ConfigurationAdmin configurationAdmin;
    private final Function<String, String> frameworkProperty;
    private final Clock clock;
    private volatile AdminConfiguration config;

    @Activate
    public HttpsCertificateHealthCheck(@Reference ConfigurationAdmin configurationAdmin, BundleContext context,
            AdminConfiguration config) {
        this(configurationAdmin, context::getProperty, Clock.systemUTC(), config);
    }

    HttpsCertificateHealthCheck(ConfigurationAdmin configurationAdmin, Function<String, String> frameworkProperty,
            Clock clock, AdminConfiguration config) {
        this.configurationAdmin = configurationAdmin;
        this.frameworkProperty = frameworkProperty;
        this.clock = clock;
        this.config = config;
    }

    @Modified
    void modified(AdminConfiguration changed) {
        this.config = changed;
    }

    @Override
    public Result execute() {
        FormattingResultLog log = new FormattingResultLog();
        AdminConfiguration c = config;
        Map<String, Object> http;
        try {
            http = ConfigReader.processed(configurationAdmin, HTTP_PID);
        } catch (IOException | IllegalStateException e) {
            log.healthCheckError("cannot read the HTTP configuration {}: {}", HTTP_PID, e.getMessage());
            return new Result(log);
        }
        if (!Boolean.parseBoolean(setting(http, ENABLE, "false").trim())) {
            log.critical("HTTPS is off ({}=false), so servers cannot use mutual TLS and the admin API refuses every"
                    + " call; set {}=true in etc/org.apache.felix.http.cfg", ENABLE, ENABLE);
            return new Result(log);
        }
        String location = setting(http, KEYSTORE, null);
        String password = setting(http, PASSWORD, null);
        if (location == null || location.isBlank()) {
            log.critical("no HTTPS key store is configured; set {} in etc/org.apache.felix.http.cfg", KEYSTORE);
            return new Result(log);
        }
        KeyStore store;
        try {
            store = load(Path.of(location), setting(http, TYPE, null), password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.critical("cannot read the HTTPS key store {}: {}; check the file and its password (data/tls-password),"
                    + " or put a key store with a certificate for the load-balanced name there", location,
                    e.getMessage());
            return new Result(log);
        }
        URI loadBalanced = ServerConfigurationService.loadBalanced(c);
        try {
            CertificateCheck.judge(store, location, loadBalanced == null ? null : loadBalanced.getHost(),
                    clock.instant(), Math.max(1, c.certificate_warn_days()), log);
        } catch (GeneralSecurityException e) {
            log.critical("cannot read the HTTPS key store {}: {}", location, e.getMessage());
        }
        return new Result(log);
    }

    /** A setting of the HTTP configuration, else the framework property Felix HTTP falls back to. */
    private String setting(Map<String, Object> http, String key, String absent) {
        String value = ConfigReader.text(http, key);
        if (value == null) {
            value = frameworkProperty.apply(key);
        }
        return value == null ? absent : value;
    }

    static KeyStore load(Path file, String type, String password) throws IOException, GeneralSecurityException {
        String t = type;
        if (t == null || t.isBlank()) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            t = name.endsWith(".jks") ? "JKS" : "PKCS12";
        }
        KeyStore store = KeyStore.getInstance(t);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }
}

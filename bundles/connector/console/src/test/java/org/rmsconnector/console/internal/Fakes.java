package org.rmsconnector.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rmsconnector.api.admin.AdminException;
import org.rmsconnector.api.admin.CloudConnection;
import org.rmsconnector.api.admin.CloudStatus;
import org.rmsconnector.api.admin.DirectoryEntry;
import org.rmsconnector.api.admin.DirectorySearch;
import org.rmsconnector.api.admin.EventLog;
import org.rmsconnector.api.admin.GeneratedConfiguration;
import org.rmsconnector.api.admin.RecordedEvent;
import org.rmsconnector.api.admin.RegisteredConnector;
import org.rmsconnector.api.admin.RelayStatistics;
import org.rmsconnector.api.admin.ServerConfigurationGenerator;
import org.rmsconnector.api.admin.TrafficSample;
import org.rmsconnector.api.admin.WorkloadControl;
import org.rmsconnector.api.admin.WorkloadState;
import org.rmsconnector.api.admin.WorkloadTraffic;
import org.rmsconnector.api.event.ConnectorEvent;
import org.rmsconnector.api.policy.AuthorizationPolicy;
import org.rmsconnector.api.policy.AuthorizedServer;
import org.rmsconnector.api.policy.PolicySource;
import org.rmsconnector.api.workload.Workload;

/** In-test implementations of the admin services that record what the plugins asked of them. */
final class Fakes {
    /** Markup, script, an event handler, both quotes, an ampersand: must come out as text. */
    static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
    /** What the Web Console's template filter would rewrite if it reached it unescaped. */
    static final String TEMPLATE = "${appRoot}\\$HOST$ C:\\deploy";

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private Fakes() {
    }

    static CloudStatus cloudStatus(boolean reachable, String problem) {
        return new CloudStatus("reference", URI.create("https://cloud.example.com:8444"), reachable, problem,
                reachable ? "TLSv1.3" : null, reachable ? Duration.ofMillis(42) : null, Duration.ofSeconds(-2),
                null, true, "c-17", "node-a", NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(5)), 12,
                NOW.minusSeconds(30), false, "CLOSED", NOW);
    }

    static final class Cloud implements CloudConnection {
        CloudStatus status = cloudStatus(true, null);
        CloudStatus probed = cloudStatus(true, null);
        int probes;
        final List<AuthorizedServer> authorized = new ArrayList<>();
        final List<String> revoked = new ArrayList<>();
        AdminException failure;

        @Override
        public CloudStatus status() {
            return status;
        }

        @Override
        public CloudStatus probe() {
            probes++;
            return probed;
        }

        @Override
        public void register(String user, char[] password, String connectorName) {
            throw new AssertionError("the console does not register");
        }

        @Override
        public void authorize(AuthorizedServer entry) throws AdminException {
            if (failure != null) {
                throw failure;
            }
            authorized.add(entry);
        }

        @Override
        public void revoke(String account, Workload role) throws AdminException {
            if (failure != null) {
                throw failure;
            }
            revoked.add(account + "|" + role.id());
        }

        @Override
        public List<RegisteredConnector> connectors() {
            return List.of();
        }
    }

    static final class Policy implements PolicySource {
        AuthorizationPolicy current;

        Policy(AuthorizedServer... entries) {
            current = new AuthorizationPolicy(12, List.of(entries), "jws", NOW.minusSeconds(30), false);
        }

        @Override
        public Optional<AuthorizationPolicy> current() {
            return Optional.ofNullable(current);
        }
    }

    static final class Directory implements DirectorySearch {
        final List<DirectoryEntry> entries = new ArrayList<>();
        final List<String> queries = new ArrayList<>();

        @Override
        public List<DirectoryEntry> search(String text, int limit) {
            queries.add(text);
            return entries;
        }
    }

    static final class Workloads implements WorkloadControl {
        final List<WorkloadState> states = new ArrayList<>();
        final List<String> calls = new ArrayList<>();
        String installedName;
        byte[] installedBytes;

        @Override
        public List<WorkloadState> workloads() {
            return states;
        }

        @Override
        public void enable(Workload workload) {
            calls.add("enable " + workload.id());
        }

        @Override
        public void disable(Workload workload) {
            calls.add("disable " + workload.id());
        }

        @Override
        public String install(String fileName, InputStream jar) {
            try {
                installedName = fileName;
                installedBytes = jar.readAllBytes();
                calls.add("install " + fileName);
                return "deploy/" + fileName;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final class Events implements EventLog {
        final List<RecordedEvent> events = new ArrayList<>();
        final List<String> queries = new ArrayList<>();

        @Override
        public List<RecordedEvent> recent(int limit, Integer id, ConnectorEvent.Level minLevel, String text) {
            queries.add(limit + "|" + id + "|" + minLevel + "|" + text);
            return events;
        }
    }

    static class Statistics implements RelayStatistics {
        final Map<Workload, WorkloadTraffic> traffic = new EnumMap<>(Workload.class);
        final List<TrafficSample> history = new ArrayList<>();
        Duration policyAge = Duration.ofSeconds(95);

        @Override
        public Map<Workload, WorkloadTraffic> traffic() {
            return traffic;
        }

        @Override
        public List<TrafficSample> history() {
            return history;
        }

        @Override
        public Duration policyAge() {
            return policyAge;
        }
    }

    static final class Generator implements ServerConfigurationGenerator {
        final List<String> calls = new ArrayList<>();
        GeneratedConfiguration result;
        AdminException failure;

        @Override
        public GeneratedConfiguration generate(Workload workload, URI connectorUrl, Format format)
                throws AdminException {
            calls.add(workload.id() + "|" + connectorUrl + "|" + format);
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }
}

package org.rmsconnector.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.sling.feature.Artifact;
import org.apache.sling.feature.Configuration;
import org.apache.sling.feature.Feature;
import org.apache.sling.feature.io.json.FeatureJSONReader;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.cm.ConfigurationAdminOptions;
import org.ops4j.pax.exam.cm.ConfigurationOption;
import org.osgi.framework.BundleContext;

/**
 * What every Pax Exam test here boots: the bundles, start orders, framework properties and configurations of the
 * aggregated {@code connector} feature — read from the feature file the distribution runs, so the two cannot
 * drift — on a node home with the distribution's {@code etc/} and free ports.
 */
public abstract class ConnectorTestSupport {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    @Inject
    protected BundleContext context;

    /** The Pax Exam configuration: call from each test class's {@code @Configuration} method. */
    protected static Option[] connectorConfiguration(String name) throws IOException {
        NodeHome node = NodeHome.forFramework(name);
        return options(
                baseConfiguration(node),
                connectorFeature(node.home),
                junitBundles());
    }

    static Option baseConfiguration(NodeHome node) {
        return composite(
                // ServiceLoader inside the framework must not see the test class path (STACK.md)
                frameworkProperty("felix.bootdelegation.implicit").value("false"),
                frameworkProperty("org.osgi.framework.storage.clean").value("onFirstInit"),
                frameworkProperty("rms.home").value(node.home.toString()),
                frameworkProperty("rms.etc").value(node.home.resolve("etc").toString()),
                frameworkProperty("felix.fileinstall.dir").value(node.home.resolve("deploy").toString()),
                frameworkProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir")
                        .value(node.home.resolve("data").toString()),
                frameworkProperty("rms.itest.http.port").value(Integer.toString(node.httpPort)),
                frameworkProperty("rms.itest.https.port").value(Integer.toString(node.httpsPort)),
                frameworkStartLevel(100));
    }

    static Option connectorFeature(Path home) throws IOException {
        Path root = NodeHome.root();
        Path featureFile = root.resolve("features/target/slingfeature-tmp/feature-connector.json");
        Path repository = root.resolve("features/target/repository");
        Feature feature;
        try (Reader reader = Files.newBufferedReader(featureFile)) {
            feature = FeatureJSONReader.read(reader, featureFile.toString());
        }
        List<Option> options = new ArrayList<>();
        for (Artifact artifact : feature.getBundles()) {
            Path jar = repository.resolve(artifact.getId().toMvnPath());
            if (!Files.isRegularFile(jar)) {
                throw new IOException("not in the feature repository (run mvn install first): " + jar);
            }
            int startOrder = artifact.getStartOrder() > 0 ? artifact.getStartOrder() : 20;
            options.add(bundle(jar.toUri().toString()).startLevel(startOrder).start());
        }
        feature.getFrameworkProperties().forEach((k, v) -> options.add(frameworkProperty(k).value(v)));
        for (Configuration cfg : feature.getConfigurations()) {
            ConfigurationOption option = cfg.isFactoryConfiguration()
                    ? ConfigurationAdminOptions.factoryConfiguration(cfg.getFactoryPid())
                    : ConfigurationAdminOptions.newConfiguration(cfg.getPid());
            Enumeration<String> keys = cfg.getConfigurationProperties().keys();
            while (keys.hasMoreElements()) {
                String key = keys.nextElement();
                option.put(key, cfg.getConfigurationProperties().get(key));
            }
            options.add(option.asOption());
        }
        return composite(options.toArray(new Option[0]));
    }

    // --- helpers used inside the framework

    protected int httpsPort() {
        return Integer.parseInt(context.getProperty("rms.itest.https.port"));
    }

    protected int httpPort() {
        return Integer.parseInt(context.getProperty("rms.itest.http.port"));
    }

    protected Path home() {
        return Paths.get(context.getProperty("rms.home"));
    }

    protected URI https(String path) {
        return URI.create("https://localhost:" + httpsPort() + path);
    }

    /** An HTTP client that trusts exactly the node's own certificate. */
    protected HttpClient client() throws Exception {
        return NodeHome.trustingClient(home());
    }

    protected HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the answer satisfies the condition, or fails the test at the deadline with the last answer. */
    protected HttpResponse<String> awaitResponse(HttpClient client, HttpRequest request,
            Predicate<HttpResponse<String>> condition, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        String last = "no answer";
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (condition.test(response)) {
                    return response;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching answer from " + request.uri() + " within " + deadline + "; last: " + last);
    }

    protected static void await(String what, BooleanSupplier condition, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + ": not true within " + deadline);
            }
            Thread.sleep(20);
        }
    }
}

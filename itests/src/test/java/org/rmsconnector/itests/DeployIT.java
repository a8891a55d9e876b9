package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/** {@code deploy/}: a jar copied in is ACTIVE within 2 s, a replaced jar is updated, a deleted jar is uninstalled. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployIT extends ConnectorTestSupport {

    private static final String BSN = "org.rmsconnector.itest.dropin";
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    @org.ops4j.pax.exam.Configuration
    public Option[] configuration() throws Exception {
        return connectorConfiguration("deploy");
    }

    @Test
    public void aBundleDroppedIntoDeployIsPickedUpUpdatedAndRemoved() throws Exception {
        await("FileInstall watches deploy/", () -> bundle("org.apache.felix.fileinstall")
                .map(b -> b.getState() == Bundle.ACTIVE).orElse(false), DEADLINE);
        Path jar = home().resolve("deploy/dropin.jar");
        try {
            writeBundle(jar, "1.0.0");
            await("the dropped bundle is ACTIVE", () -> isActive("1.0.0"), TWO_SECONDS);

            writeBundle(jar, "1.0.1");
            await("the replaced bundle is updated", () -> isActive("1.0.1"), TWO_SECONDS.multipliedBy(2));
            assertEquals(1, context.getBundles().length - countOthers());

            Files.delete(jar);
            await("the deleted bundle is uninstalled", () -> bundle(BSN).isEmpty(), TWO_SECONDS.multipliedBy(2));
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    private long countOthers() {
        return java.util.Arrays.stream(context.getBundles()).filter(b -> !BSN.equals(b.getSymbolicName())).count();
    }

    private boolean isActive(String version) {
        return bundle(BSN).map(b -> b.getState() == Bundle.ACTIVE && b.getVersion().equals(Version.parseVersion(version)))
                .orElse(false);
    }

    private Optional<Bundle> bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** Writes the jar next to its final name and moves it in, as an administrator's copy should. */
    private static void writeBundle(Path jar, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", BSN);
        main.putValue("Bundle-Version", version);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

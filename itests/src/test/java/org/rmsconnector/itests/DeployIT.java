package org.rmsconnector.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
            NodeHome.writeBundle(jar, BSN, "1.0.0");
            await("the dropped bundle is ACTIVE", () -> isActive("1.0.0"), TWO_SECONDS);

            NodeHome.writeBundle(jar, BSN, "1.0.1");
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

}

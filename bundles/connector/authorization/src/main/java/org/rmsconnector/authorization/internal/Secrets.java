package org.rmsconnector.authorization.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.rmsconnector.commons.secrets.SecretReference;

/**
 * Resolves {@code secret:NAME} password settings ({@link SecretReference}) against the node's secrets folder, a
 * framework property. Outside a framework (unit tests) only literal passwords are possible.
 */
final class Secrets {
    private Secrets() {
    }

    static String resolve(String setting, String what) {
        if (!SecretReference.isReference(setting)) {
            return setting;
        }
        Bundle bundle = FrameworkUtil.getBundle(Secrets.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        return SecretReference.resolve(setting, context == null ? null
                : context.getProperty(SecretReference.SECRETS_DIR_PROPERTY), what);
    }
}

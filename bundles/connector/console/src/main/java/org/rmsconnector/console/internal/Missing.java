package org.rmsconnector.console.internal;

/** The notice a page shows in place of what a service that is not running would have given. */
final class Missing {
    private Missing() {
    }

    /**
     * @param service  the service's simple name, e.g. {@code CloudConnection}
     * @param provider which bundle provides it
     * @param what     what cannot be shown or done without it
     */
    static String notice(String service, String provider, String what) {
        return "<p class=\"rms-missing\" data-missing-service=\"" + Html.attr(service) + "\">The " + Html.text(service)
                + " service is not running, so " + Html.text(what) + ". It is provided by " + Html.text(provider)
                + "; see the Bundles and Components pages.</p>\n";
    }

    static String cloud(String what) {
        return notice("CloudConnection", "the transport bundle", what);
    }

    static String policy(String what) {
        return notice("PolicySource", "the transport bundle", what);
    }

    static String workloads(String what) {
        return notice("WorkloadControl", "the admin bundle", what);
    }

    static String statistics(String what) {
        return notice("RelayStatistics", "the relay bundle", what);
    }

    static String events(String what) {
        return notice("EventLog", "the relay bundle", what);
    }

    static String directory(String what) {
        return notice("DirectorySearch", "the authorization bundle", what);
    }

    static String generator(String what) {
        return notice("ServerConfigurationGenerator", "the admin bundle", what);
    }
}

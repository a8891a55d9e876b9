package org.rmsconnector.cloud.model;

/** The workload an authorized server runs; each authorized entry has exactly one. */
public enum ServerRole {
    /** Exchange: acts as a super user (transport and journal decryption, search). */
    EXCHANGE,
    /** SharePoint: ordinary user privileges. */
    SHAREPOINT,
    /** File servers with File Classification Infrastructure: ordinary user privileges. */
    FCI;

    /** Whether servers of this role may obtain licenses for any content of the tenant. */
    public boolean isSuperUser() {
        return this == EXCHANGE;
    }

    /**
     * Parses a role name case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid roles
     */
    public static ServerRole parse(String text) {
        return AccountKind.Enums.parse(ServerRole.class, text, "server role");
    }
}

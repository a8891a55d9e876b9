package org.rmsconnector.api.workload;

/**
 * The three on-premises workloads a connector serves. Every authorized server entry has exactly one of them as its
 * role; the role decides which adapter handles the caller's requests.
 */
public enum Workload {
    /** Exchange Server: a super user that may license any content of the tenant. */
    EXCHANGE("exchange"),
    /** SharePoint Server: ordinary user privileges, protects on download and decrypts on upload. */
    SHAREPOINT("sharepoint"),
    /** File servers running the File Classification Infrastructure: protects Office documents by template. */
    FCI("fci");

    private final String id;

    Workload(String id) {
        this.id = id;
    }

    /** The lower-case id used in configuration, service properties, URLs and JSON. */
    public String id() {
        return id;
    }
}

package org.rmsconnector.cloud.model;

/** Whether a template can be chosen for new content. */
public enum TemplateStatus {
    /** Usable for publishing and for licensing. */
    PUBLISHED,
    /** Not offered for new content any more; content already protected with it still gets licenses. */
    ARCHIVED
}

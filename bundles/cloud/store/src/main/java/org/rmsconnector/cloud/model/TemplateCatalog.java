package org.rmsconnector.cloud.model;

import java.util.Optional;
import java.util.UUID;


/** Looks up the current version of a template, whatever its status. */
@FunctionalInterface
public interface TemplateCatalog {

    /** The template with this id as it is now, archived or not; empty when the tenant never had it. */
    Optional<Template> find(UUID id);
}

package org.rmsconnector.cloud.service.internal;

import static org.rmsconnector.cloud.service.internal.AdminRequest.json;
import static org.rmsconnector.cloud.service.internal.AdminRequest.ok;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.rmsconnector.cloud.api.CloudAdmin.AdminAnswer;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.cloud.api.json.JsonSupport;
import org.rmsconnector.cloud.api.json.TemplateJson;
import org.rmsconnector.cloud.model.Template;
import org.rmsconnector.cloud.model.TemplateStatus;
import org.rmsconnector.cloud.store.CloudStore;

/**
 * {@code templates}, {@code templates/{id}} and {@code templates/{id}/archive}: the tenant's templates in the JSON
 * of {@link TemplateJson}, archived ones included.
 */
final class TemplatesResource {

    private final CloudStore store;

    TemplatesResource(CloudStore store) {
        this.store = store;
    }

    AdminAnswer handle(AdminRequest r) throws CloudException {
        if (r.depth() == 1) {
            return all(r);
        }
        UUID id = uuid(r.segment(1));
        if (r.depth() == 2) {
            return one(r, id);
        }
        if (r.depth() == 3 && r.segment(2).equals("archive")) {
            r.requireMethod("POST");
            return json(200, TemplateJson.toJson(store.templates().archive(id)));
        }
        throw r.noResource();
    }

    private AdminAnswer all(AdminRequest r) throws CloudException {
        switch (r.method()) {
            case "GET": {
                List<Object> list = new ArrayList<>();
                for (Template t : store.templates().list(true)) {
                    list.add(TemplateJson.toMap(t));
                }
                return ok(JsonSupport.object().put("templates", list));
            }
            case "POST": {
                Template t = TemplateJson.fromBody(r.parsedBody(), UUID.randomUUID(), TemplateStatus.PUBLISHED);
                return json(201, TemplateJson.toJson(store.templates().create(t)));
            }
            default:
                throw r.notAllowed("GET, POST");
        }
    }

    private AdminAnswer one(AdminRequest r, UUID id) throws CloudException {
        switch (r.method()) {
            case "GET":
                return json(200, TemplateJson.toJson(store.templates().find(id)
                        .orElseThrow(() -> CloudException.notFound("no template " + id))));
            case "PUT": {
                Template current = store.templates().find(id)
                        .orElseThrow(() -> CloudException.notFound("no template " + id));
                Template t = TemplateJson.fromBody(r.parsedBody(), id, current.status());
                return json(200, TemplateJson.toJson(store.templates().update(t)));
            }
            default:
                throw r.notAllowed("GET, PUT");
        }
    }

    private static UUID uuid(String text) throws CloudException {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw CloudException.notFound("'" + text + "' is not a template id");
        }
    }
}

package org.rmsconnector.fci.internal;

import org.rmsconnector.workload.support.Bodies;
import org.rmsconnector.workload.support.Refused;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.rmsconnector.api.workload.AdapterResult;
import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.api.workload.Workload;
import org.rmsconnector.api.workload.WorkloadAdapter;
import org.rmsconnector.api.workload.WorkloadRequest;
import org.rmsconnector.protocol.AcquireLicenseRequest;
import org.rmsconnector.protocol.CertifyRequest;
import org.rmsconnector.protocol.Policy;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.PublishRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of the file-classification workload (DESIGN.md F4, F17, F18; bundles/connector/workloads/fci/README.md). A file server
 * acts without user identity and with ordinary privileges: never super user, never on behalf of a user.
 * <ul>
 * <li>Operations: server information, certification, publishing, licenses and templates; no pre-licenses.</li>
 * <li>Publishing by template only (the cloud limits FCI to templates for applications), and for Office documents
 * only: the request declares the document in its {@code document} member, which the adapter checks with
 * {@link OfficeDocuments} and removes before forwarding.</li>
 * </ul>
 */
// The adapter reads no configuration (IGNORE): an update of the shared PID then never re-creates it, so requests
// see no gap; the switch alone reads the PID.
@Component(name = FciAdapter.NAME, service = WorkloadAdapter.class, enabled = false,
        configurationPolicy = ConfigurationPolicy.IGNORE, property = WorkloadAdapter.WORKLOAD_PROPERTY + "=fci")
public class FciAdapter implements WorkloadAdapter {
    /** The configuration PID the adapter and its switch share. */
    public static final String PID = "org.rmsconnector.workload.fci";
    static final String NAME = "org.rmsconnector.fci.adapter";

    /** The extension member of a publish request that declares the document being protected. */
    public static final String DOCUMENT = "document";

    private static final Logger LOG = LoggerFactory.getLogger(FciAdapter.class);
    private static final Set<Operation> OPERATIONS = Collections.unmodifiableSet(EnumSet.of(Operation.SERVER_INFO,
            Operation.CERTIFY, Operation.PUBLISH, Operation.ACQUIRE_LICENSE, Operation.TEMPLATES));

    /** The adapter has nothing to configure but {@code enabled}, which its switch reads. */
    @Activate
    public FciAdapter() {
        // stateless
    }

    @Override
    public Workload workload() {
        return Workload.FCI;
    }

    @Override
    public Set<Operation> operations() {
        return OPERATIONS;
    }

    @Override
    public AdapterResult handle(WorkloadRequest request) {
        try {
            return switch (request.operation()) {
                case SERVER_INFO -> new AdapterResult.Forward(Bodies.EMPTY, false, null);
                case CERTIFY -> certify(request.body());
                case PUBLISH -> publish(request);
                case ACQUIRE_LICENSE -> acquireLicense(request.body());
                case TEMPLATES -> new AdapterResult.Forward(Bodies.templatesBody(request.body()), false, null);
                // the relay checks operations() first; this is for a caller that did not
                case ACQUIRE_PRELICENSE -> new AdapterResult.Refuse(403, "operation_not_allowed",
                        "the fci role may not call ACQUIRE_PRELICENSE: file servers protect files, not messages");
            };
        } catch (Refused r) {
            return r.refuse();
        }
    }

    private static AdapterResult certify(byte[] body) throws Refused {
        try {
            CertifyRequest parsed = CertifyRequest.fromJson(Bodies.objectText(body, "CertifyRequest"));
            return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), false, null);
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
    }

    private static AdapterResult publish(WorkloadRequest request) throws Refused {
        Map<String, Object> body = Bodies.object(Bodies.objectText(request.body(), "PublishRequest"),
                "PublishRequest");
        // The cloud has no use for the declaration; what is forwarded is the protocol's own rendering of the rest.
        Object document = body.remove(DOCUMENT);
        PublishRequest parsed;
        try {
            parsed = PublishRequest.fromJson(Bodies.json(body));
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
        if (document == null) {
            throw new Refused(400, "document_required", "PublishRequest.document: missing; the FCI connector"
                    + " protects Office documents only and needs the file declared: {\"document\":{\"name\":"
                    + "\"report.docx\",\"magic\":\"<first 8 bytes, base64>\",\"contentTypes\":[\"/word/document.xml\","
                    + "…]}} (see the FCI workload's README)");
        }
        OfficeDocuments.Declaration declared;
        try {
            declared = OfficeDocuments.Declaration.fromMember(document);
        } catch (IllegalArgumentException e) {
            throw Refused.badRequest("PublishRequest.document." + e.getMessage());
        }
        Optional<String> problem = OfficeDocuments.problem(declared);
        if (problem.isPresent()) {
            LOG.info("[{}] not protected: {}", request.requestId(), problem.get());
            throw new Refused(415, "office_only", OfficeDocuments.MESSAGE);
        }
        if (!(parsed.draft().policy() instanceof Policy.Template)) {
            throw new Refused(400, "template_required", "PublishRequest.draft.policy: the FCI connector protects"
                    + " with a template only, not with grants; name a template published for applications that do"
                    + " not support user identity (rmsctl templates lists the ones this server may use)");
        }
        return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), false, null);
    }

    private static AdapterResult acquireLicense(byte[] body) throws Refused {
        AcquireLicenseRequest parsed;
        try {
            parsed = AcquireLicenseRequest.fromJson(Bodies.objectText(body, "AcquireLicenseRequest"));
        } catch (ProtocolException e) {
            throw Bodies.malformed(e);
        }
        List<AcquireLicenseRequest.Item> items = parsed.items();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).onBehalfOf() != null) {
                throw new Refused(403, "obo_not_allowed", "AcquireLicenseRequest.items[" + i + "].onBehalfOf: a"
                        + " file server acts without user identity and may not name a user to act for; leave"
                        + " onBehalfOf out");
            }
        }
        return new AdapterResult.Forward(Bodies.utf8(parsed.toJson()), false, null);
    }
}

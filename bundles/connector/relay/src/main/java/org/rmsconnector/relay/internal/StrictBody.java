package org.rmsconnector.relay.internal;

import java.util.Optional;

import org.rmsconnector.api.workload.Operation;
import org.rmsconnector.protocol.JsonMediaType;
import org.rmsconnector.protocol.ProtocolException;
import org.rmsconnector.protocol.StrictJson;

/**
 * What a request body must be before any workload adapter reads it (docs/protocol.md §2): declared as
 * {@code application/json} (UTF-8), and JSON the cloud reads exactly one way. An adapter may be a third party's, with
 * a parser of its own; checked here, a body an adapter and the cloud could read differently never reaches either.
 */
final class StrictBody {

    private StrictBody() {
    }

    /** The refusal for {@code in}'s body, if it breaks a rule; an empty body (a template list, say) has none to break. */
    static Optional<Answer> refusal(Inbound in) {
        if (in.body().length == 0) {
            return Optional.empty();
        }
        Optional<String> mediaType = JsonMediaType.problem(in.contentType());
        if (mediaType.isPresent()) {
            return Optional.of(Answer.error(415, "unsupported_media_type", mediaType.get(), in.requestId()));
        }
        try {
            StrictJson.parseObject(in.body(), message(in.operation()));
            return Optional.empty();
        } catch (ProtocolException e) {
            return Optional.of(Answer.error(400, "bad_request", e.getMessage(), in.requestId()));
        }
    }

    /** The wire message an operation's request body is (docs/protocol.md §4), to start the path of a refusal. */
    static String message(Operation operation) {
        return switch (operation) {
            case SERVER_INFO -> "ServerInfoRequest";
            case CERTIFY -> "CertifyRequest";
            case PUBLISH -> "PublishRequest";
            case ACQUIRE_LICENSE -> "AcquireLicenseRequest";
            case ACQUIRE_PRELICENSE -> "AcquirePreLicenseRequest";
            case TEMPLATES -> "TemplateRequest";
        };
    }
}

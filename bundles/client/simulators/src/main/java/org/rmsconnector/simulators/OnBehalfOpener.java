package org.rmsconnector.simulators;

import java.io.InputStream;
import org.rmsconnector.client.ProtectedContent;
import org.rmsconnector.client.RmsClientException;

/**
 * Opens protected content with the rights of a named user, the way SharePoint decrypts an upload: the license
 * request names the user in {@code onBehalfOf} and the service evaluates that user's rights, not the server's.
 * The {@link org.rmsconnector.client.RmsClient} SDK cannot do this yet; {@link #UNSUPPORTED} says so, and an SDK
 * method {@code open(InputStream, String onBehalfOf)} would fit here as {@code rms::open}.
 */
@FunctionalInterface
public interface OnBehalfOpener {

    /** The code of {@link #UNSUPPORTED}'s refusal. */
    String UNSUPPORTED_CODE = "UNSUPPORTED";

    /** The opener until the SDK has an on-behalf-of call: always refuses, naming the missing SDK call. */
    OnBehalfOpener UNSUPPORTED = (in, user) -> {
        throw new RmsClientException(UNSUPPORTED_CODE, "the client SDK cannot ask for a license on behalf of "
                + user + ": RmsClient has no open(InputStream, String onBehalfOf) yet, and the SharePoint workload "
                + "refuses a license request without onBehalfOf (on_behalf_of_required)");
    };

    /** Opens {@code protectedIn} with {@code user}'s rights; the caller closes what it returns. */
    ProtectedContent open(InputStream protectedIn, String user) throws RmsClientException;
}

package org.rmsconnector.cloud.service.internal.http;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.rmsconnector.cloud.api.CloudException;
import org.rmsconnector.commons.http.HeaderSizeLimit;

/**
 * 431 in the service's error shape for a request whose header fields exceed {@value #MAX_HEADER_BYTES} bytes, on every
 * path of the service's listener, before any servlet runs. The limit and why it sits below Jetty's own:
 * {@link HeaderSizeLimit}.
 */
@Component(service = Preprocessor.class)
@HttpWhiteboardTarget("(org.apache.felix.http.name=rms-cloud)")
public class CloudHeaderSizeLimit extends HeaderSizeLimit {

    @Override
    protected void refuse(HttpServletResponse response, long headerBytes, String requestId) throws IOException {
        Exchange.error(response, new CloudException(431, "header_too_large", "the request's header fields take "
                + headerBytes + " bytes; this service accepts at most " + MAX_HEADER_BYTES), requestId);
    }
}

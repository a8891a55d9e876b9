package org.rmsconnector.client.internal;

import org.rmsconnector.client.ClientConfig;
import org.rmsconnector.client.RmsClient;

/** Makes {@link DefaultRmsClient}s for {@link RmsClient#create}; named in {@code META-INF/services}. */
public final class DefaultRmsClientFactory implements RmsClient.Factory {

    @Override
    public RmsClient create(ClientConfig config) {
        return new DefaultRmsClient(config);
    }
}

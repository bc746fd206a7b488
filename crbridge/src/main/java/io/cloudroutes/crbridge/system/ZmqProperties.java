package io.cloudroutes.crbridge.system;

import io.cloudroutes.core.zmq.ZmqSecurity;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the actioner's results socket is secured ({@code cloudroutes.zmq.*}; environment CLOUDROUTES_ZMQ_SECRET_KEY,
 * CLOUDROUTES_ZMQ_WORKER_PUBLIC_KEYS, CLOUDROUTES_ZMQ_MAX_MESSAGE_BYTES): the actioners' CURVE secret key and the
 * public keys of the workers whose results it takes. Checked at start by the rules the cram processes read theirs
 * with ({@link ZmqSecurity#of}).
 */
@ConfigurationProperties("cloudroutes.zmq")
public record ZmqProperties(
        String secretKey,
        String workerPublicKeys,

        @DefaultValue("" + ZmqSecurity.DEFAULT_MAX_MESSAGE_BYTES)
        long maxMessageBytes) {

    public ZmqProperties {
        security(secretKey, workerPublicKeys, maxMessageBytes);
    }

    /** The settings, checked as every process of the plane checks them. */
    public ZmqSecurity security() {
        return security(secretKey, workerPublicKeys, maxMessageBytes);
    }

    private static ZmqSecurity security(String secretKey, String workerPublicKeys, long maxMessageBytes) {
        return ZmqSecurity.of(secretKey, null, null, null, workerPublicKeys, maxMessageBytes);
    }
}

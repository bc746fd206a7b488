package io.cloudroutes.core.ops;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read a process's metrics and run its operations (crbridge's rebuild): a request that carries
 * {@code Authorization: Bearer <CLOUDROUTES_OPS_TOKEN>}. Without a token an ops listener must stay on loopback, where
 * only this machine reaches it; health probes answer their status to anyone, since they tell nothing else.
 */
public final class OpsAccess {

    /** The variable (and, in crweb and crbridge, {@code cloudroutes.ops.token}) that holds the token. */
    public static final String TOKEN_VARIABLE = "CLOUDROUTES_OPS_TOKEN";
    /** A token shorter than this is refused at start: it could be guessed. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    private OpsAccess(byte[] token) {
        this.token = token;
    }

    /** Access for {@code token} (null or blank: no token); a token that is too short stops the process. */
    public static OpsAccess of(String token) {
        if (token == null || token.isBlank()) {
            return new OpsAccess(null);
        }
        String trimmed = token.trim();
        if (trimmed.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException(TOKEN_VARIABLE + " must be at least " + MIN_TOKEN_LENGTH
                    + " characters long, e.g. the output of: openssl rand -hex 32");
        }
        return new OpsAccess(trimmed.getBytes(StandardCharsets.UTF_8));
    }

    public boolean tokenConfigured() {
        return token != null;
    }

    /** Whether {@code authorization} (the request's Authorization header, may be null) presents the token. */
    public boolean presentsToken(String authorization) {
        if (token == null
                || authorization == null
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }

    /**
     * Whether a request to a listener that {@link #requireTokenOffLoopback checked its address} may read metrics or
     * run operations: with a token it must present it; without one the listener is on loopback and anyone there may.
     */
    public boolean permits(String authorization) {
        return token == null || presentsToken(authorization);
    }

    /**
     * Stops the process when its ops listener would answer beyond this machine without a token.
     *
     * @param address         the address the listener binds (null or blank: every interface)
     * @param addressSetting  the setting that chooses it, named in the message
     */
    public void requireTokenOffLoopback(String address, String addressSetting) {
        if (token == null && !isLoopback(address)) {
            throw new IllegalStateException(addressSetting + "="
                    + (address == null || address.isBlank() ? "(every interface)" : address)
                    + " would open the metrics and operations endpoints to the network without a token: set "
                    + TOKEN_VARIABLE + " (e.g. openssl rand -hex 32) and scrape with 'Authorization: Bearer <token>', "
                    + "or keep " + addressSetting + " on 127.0.0.1");
        }
    }

    private static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            InetAddress[] resolved = InetAddress.getAllByName(address.trim());
            for (InetAddress each : resolved) {
                if (!each.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

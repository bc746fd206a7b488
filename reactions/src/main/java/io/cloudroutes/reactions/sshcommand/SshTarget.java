package io.cloudroutes.reactions.sshcommand;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Set;

/** Where to log in, with which key, which host key to accept, and what to run. */
record SshTarget(
        String host,
        int port,
        String user,
        KeyPair key,
        PublicKey hostKey,
        String command,
        Set<Integer> successExitCodes) {

    String login() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "SshTarget[" + login() + ", key ****, " + command + "]";
    }
}

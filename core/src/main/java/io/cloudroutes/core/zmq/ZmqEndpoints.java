package io.cloudroutes.core.zmq;

import io.cloudroutes.core.config.Env;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the ZeroMQ sockets of the pipeline live. Each setting a control or worker connects with may list several
 * endpoints separated by commas ({@link #list}): several brokers, several actioners.
 *
 * @param brokerFrontend controls PUSH check jobs here; each broker binds a PULL socket. One endpoint or several
 *                       (one per broker), separated by commas
 * @param brokerBackend  workers connect DEALER sockets here; each broker binds a ROUTER socket. One endpoint or several
 *                       (one per broker, in any order), separated by commas
 * @param results        workers send check results here (DEALER); each actioner binds a ROUTER socket. A worker's
 *                       setting may list several actioners, separated by commas
 */
public record ZmqEndpoints(String brokerFrontend, String brokerBackend, String results) {

    public static final String BROKER_FRONTEND = "CLOUDROUTES_BROKER_FRONTEND";
    public static final String BROKER_BACKEND = "CLOUDROUTES_BROKER_BACKEND";
    public static final String RESULTS = "CLOUDROUTES_RESULTS_ENDPOINT";
    /** The address an actioner binds its results socket on, when not {@link #RESULTS}'s only endpoint. */
    public static final String RESULTS_BIND = "CLOUDROUTES_RESULTS_BIND";

    public static final String DEFAULT_BROKER_FRONTEND = "tcp://127.0.0.1:5555";
    public static final String DEFAULT_BROKER_BACKEND = "tcp://127.0.0.1:5556";
    public static final String DEFAULT_RESULTS = "tcp://127.0.0.1:5557";

    /** tcp://host:port (host a name, an address, [IPv6] or *), ipc://path or inproc://name. */
    private static final Pattern ENDPOINT =
            Pattern.compile("tcp://(\\[[0-9A-Fa-f:.]+]|[^\\s:/,\\[\\]]+):\\d{1,5}|ipc://\\S+|inproc://\\S+");

    /** Reads CLOUDROUTES_BROKER_FRONTEND, CLOUDROUTES_BROKER_BACKEND and CLOUDROUTES_RESULTS_ENDPOINT. */
    public static ZmqEndpoints fromEnv(Env env) {
        return new ZmqEndpoints(
                env.get(BROKER_FRONTEND, DEFAULT_BROKER_FRONTEND),
                env.get(BROKER_BACKEND, DEFAULT_BROKER_BACKEND),
                env.get(RESULTS, DEFAULT_RESULTS));
    }

    /**
     * The endpoints in a setting's value: one ({@code tcp://broker:5556}) or several separated by commas
     * ({@code tcp://broker-a:5556,tcp://broker-b:5556}); blanks around and between them are ignored.
     */
    public static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(endpoint -> !endpoint.isEmpty())
                .distinct()
                .toList();
    }

    /**
     * The endpoints of {@link #list}, at least one, each a ZeroMQ endpoint; anything else stops the process with a
     * message naming {@code setting}.
     */
    public static List<String> requireList(String value, String setting) {
        List<String> endpoints = list(value);
        String example = setting.equals(RESULTS) || setting.equals(RESULTS_BIND)
                ? "e.g. tcp://crbridge:5557 or tcp://crbridge-a:5557,tcp://crbridge-b:5557"
                : "e.g. tcp://cram-broker-a:5556 or tcp://cram-broker-a:5556,tcp://cram-broker-b:5556";
        if (endpoints.isEmpty()) {
            throw new IllegalStateException(setting + " must name at least one endpoint, " + example);
        }
        for (String endpoint : endpoints) {
            if (!ENDPOINT.matcher(endpoint).matches() || !validPort(endpoint)) {
                throw new IllegalStateException(setting + " must list ZeroMQ endpoints (tcp://host:port) separated by "
                        + "commas, " + example + ", but '" + endpoint + "' is not one");
            }
        }
        return endpoints;
    }

    private static boolean validPort(String endpoint) {
        if (!endpoint.startsWith("tcp://")) {
            return true;
        }
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        return port >= 1 && port <= 65535;
    }

    /**
     * The address a binding process listens on: the endpoint itself, so a loopback endpoint stays on loopback.
     * Set the matching {@code *_BIND} variable (e.g. {@code tcp://*:5555}) to listen on every interface.
     */
    public static String bindAddress(Env env, String bindVariable, String endpoint) {
        return env.get(bindVariable, endpoint);
    }

    /**
     * The one address a broker binds for {@code setting}: {@code bindVariable} when set, else the setting's only
     * endpoint. A setting that lists several brokers (the controls' and workers' view) does not say which of them this
     * broker is, so then {@code bindVariable} is required.
     */
    public static String brokerBindAddress(Env env, String bindVariable, String setting, String value) {
        return bindAddress(env.get(bindVariable, null), bindVariable, value, setting, "broker");
    }

    /**
     * The one address an actioner's results socket binds: CLOUDROUTES_RESULTS_BIND when set, else the only endpoint of
     * CLOUDROUTES_RESULTS_ENDPOINT, which is required to be set when that lists several actioners.
     */
    public static String resultsBindAddress(String bind, String endpoint) {
        return bindAddress(bind, RESULTS_BIND, endpoint, RESULTS, "actioner");
    }

    /** The rule of {@link #brokerBindAddress} and {@link #resultsBindAddress}, for a {@code process} that binds. */
    private static String bindAddress(String bind, String bindVariable, String value, String setting, String process) {
        if (bind != null && !bind.isBlank()) {
            List<String> binds = requireList(bind, bindVariable);
            if (binds.size() > 1) {
                throw new IllegalStateException(bindVariable + " names " + binds.size() + " addresses (" + bind + "): "
                        + article(process) + " binds one, e.g. tcp://*:5555");
            }
            return binds.getFirst();
        }
        List<String> endpoints = requireList(value, setting);
        if (endpoints.size() > 1) {
            throw new IllegalStateException(setting + " lists " + endpoints.size() + " " + process + "s (" + value
                    + "): " + article(process) + " binds one address, so set " + bindVariable + " (e.g. tcp://*:"
                    + endpoints.getFirst().substring(endpoints.getFirst().lastIndexOf(':') + 1) + ") for this "
                    + process);
        }
        return endpoints.getFirst();
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}

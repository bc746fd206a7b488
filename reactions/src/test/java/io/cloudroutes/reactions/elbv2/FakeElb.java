package io.cloudroutes.reactions.elbv2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for the Elastic Load Balancing v2 Query API: records each request as the SDK sent it and answers
 * with the XML the real API returns, keeping each target's state (healthy, draining, initial) the way AWS does right
 * after a change; an error or a hang can be set per action.
 */
final class FakeElb implements AutoCloseable {

    static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    record Request(
            String method,
            String path,
            String contentType,
            String authorization,
            String amzDate,
            String body,
            Map<String, String> headers) {

        /**
         * Whether the AWS Signature Version 4 in the Authorization header is the one computed with this secret key
         * over the request as received (method, path, signed headers, body).
         */
        boolean signedWith(String secretAccessKey) {
            Matcher auth = AUTHORIZATION.matcher(authorization == null ? "" : authorization);
            if (!auth.matches()) {
                return false;
            }
            String scope = auth.group(2);
            String signedHeaders = auth.group(3);
            StringBuilder canonical =
                    new StringBuilder(method).append('\n').append(path).append("\n\n");
            for (String name : signedHeaders.split(";")) {
                canonical
                        .append(name)
                        .append(':')
                        .append(headers.getOrDefault(name, "").trim())
                        .append('\n');
            }
            canonical.append('\n').append(signedHeaders).append('\n').append(hex(sha256(body)));
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical.toString()));
            byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
            for (String part : scope.split("/")) {
                key = hmac(key, part);
            }
            return hex(hmac(key, toSign)).equals(auth.group(4));
        }

        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private record Error(int status, String code, String message) {}

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> targetStates = new ConcurrentHashMap<>();
    private final Map<String, Error> errors = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean hanging;
    private int nextRequestId = 1;

    FakeElb() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        return requests;
    }

    /** The target's state as DescribeTargetHealth would report it. */
    String state(String targetId) {
        return targetStates.getOrDefault(targetId, "unused");
    }

    void registered(String targetId) {
        targetStates.put(targetId, "healthy");
    }

    void failWith(String action, int status, String code, String message) {
        errors.put(action, new Error(status, code, message));
    }

    /** From now on requests get no answer until the fake is closed. */
    void hang() {
        hanging = true;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        return headers;
    }

    private synchronized String requestId() {
        return String.format("9f1c2e47-0a3b-4c55-8d6e-%012d", nextRequestId++);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("X-Amz-Date"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                headers(exchange));
        requests.add(request);
        if (hanging) {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        Map<String, String> form = request.form();
        String action = form.get("Action");
        String id = requestId();
        Error error = errors.get(action);
        if (error != null) {
            answer(
                    exchange,
                    id,
                    error.status(),
                    "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                            + "  <Error>\n    <Type>" + (error.status() >= 500 ? "Receiver" : "Sender") + "</Type>\n"
                            + "    <Code>" + error.code() + "</Code>\n    <Message>" + error.message() + "</Message>\n"
                            + "  </Error>\n  <RequestId>" + id + "</RequestId>\n</ErrorResponse>\n");
            return;
        }
        String target = form.get("Targets.member.1.Id");
        switch (action) {
            case "DeregisterTargets" -> {
                targetStates.put(target, "draining");
                answer(exchange, id, 200, empty(action, id));
            }
            case "RegisterTargets" -> {
                targetStates.put(target, "initial");
                answer(exchange, id, 200, empty(action, id));
            }
            case "DescribeTargetHealth" -> answer(exchange, id, 200, health(form, id));
            default ->
                answer(
                        exchange,
                        id,
                        400,
                        "<ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>Sender</Type>"
                                + "<Code>InvalidAction</Code><Message>Could not find operation " + action
                                + " for version "
                                + "2015-12-01</Message></Error><RequestId>" + id + "</RequestId></ErrorResponse>");
        }
    }

    private static String empty(String action, String id) {
        return "<" + action + "Response xmlns=\"" + NAMESPACE + "\">\n  <" + action + "Result/>\n"
                + "  <ResponseMetadata>\n    <RequestId>" + id + "</RequestId>\n  </ResponseMetadata>\n"
                + "</" + action + "Response>\n";
    }

    private String health(Map<String, String> form, String id) {
        String target = form.get("Targets.member.1.Id");
        String port = form.getOrDefault("Targets.member.1.Port", "80");
        String state = state(target);
        String reason = switch (state) {
            case "draining" ->
                "<Reason>Target.DeregistrationInProgress</Reason>"
                        + "<Description>Target deregistration is in progress</Description>";
            case "initial" ->
                "<Reason>Elb.RegistrationInProgress</Reason>"
                        + "<Description>Target registration is in progress</Description>";
            case "unused" ->
                "<Reason>Target.NotRegistered</Reason>"
                        + "<Description>Target is not registered to the target group</Description>";
            default -> "";
        };
        return "<DescribeTargetHealthResponse xmlns=\"" + NAMESPACE + "\">\n  <DescribeTargetHealthResult>\n"
                + "    <TargetHealthDescriptions>\n      <member>\n        <HealthCheckPort>" + port
                + "</HealthCheckPort>\n        <TargetHealth>\n          <State>" + state + "</State>" + reason
                + "\n        </TargetHealth>\n        <Target>\n          <Port>" + port + "</Port>\n"
                + "          <Id>" + target + "</Id>\n        </Target>\n      </member>\n"
                + "    </TargetHealthDescriptions>\n  </DescribeTargetHealthResult>\n"
                + "  <ResponseMetadata>\n    <RequestId>" + id + "</RequestId>\n  </ResponseMetadata>\n"
                + "</DescribeTargetHealthResponse>\n";
    }

    private static void answer(HttpExchange exchange, String id, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", id);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}

package io.cloudroutes.reactions.cloudflare;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The DNS records part of the Cloudflare v4 API on a local port: it checks the token, paths, queries and bodies the way
 * the real API does, answers in its envelope ({@code {"success":…,"errors":[…],"result":…}}) and keeps the zone's
 * records in memory so a test can look at them afterwards.
 */
final class FakeCloudflare implements AutoCloseable {

    static final String TOKEN = "Zx8Jq2mVt0cF4LrN7pYw3sKd9HgB1aEu6TiO5nQy";
    static final String ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Map<String, Object>> records = new CopyOnWriteArrayList<>();
    /** Each request as "METHOD path?query" followed by the body, if any, on the next line. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    private final AtomicInteger ids = new AtomicInteger();
    /** When set, every request is answered with this status and body instead. */
    volatile int forcedStatus;

    volatile String forcedBody;

    FakeCloudflare() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/client/v4/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4";
    }

    String add(String name, String type, String content) {
        String id = String.format("%032x", ids.incrementAndGet() + 0x372e6795L);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("zone_id", ZONE);
        record.put("zone_name", "example.com");
        record.put("name", name);
        record.put("type", type);
        record.put("content", content);
        record.put("proxiable", true);
        record.put("proxied", false);
        record.put("ttl", 1);
        record.put("settings", Map.of());
        record.put("meta", Map.of());
        record.put("comment", null);
        record.put("tags", List.of());
        record.put("created_on", "2026-11-25T20:00:00.000000Z");
        record.put("modified_on", "2026-11-25T20:00:00.000000Z");
        records.add(record);
        return id;
    }

    /** "name type content ttl proxied" of every record, in creation order. */
    List<String> records() {
        return records.stream()
                .map(r -> r.get("name") + " " + r.get("type") + " " + r.get("content") + " ttl=" + r.get("ttl")
                        + " proxied=" + r.get("proxied"))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String path = exchange.getRequestURI().getRawPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query)
                + (body.isEmpty() ? "" : "\n" + body));
        if (forcedStatus != 0) {
            send(exchange, forcedStatus, forcedBody);
            return;
        }
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(
                    exchange,
                    403,
                    "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}]}");
            return;
        }
        String prefix = "/client/v4/zones/" + ZONE + "/dns_records";
        if (!path.startsWith(prefix)) {
            send(
                    exchange,
                    400,
                    error(
                            7003,
                            "Could not route to " + path.substring("/client/v4".length())
                                    + ", perhaps your object identifier is invalid?"));
            return;
        }
        String rest = path.substring(prefix.length());
        switch (exchange.getRequestMethod()) {
            case "GET" -> list(exchange, rest, query);
            case "DELETE" -> delete(exchange, rest);
            case "POST" -> create(exchange, rest, body);
            default -> send(exchange, 405, error(10000, "Method not allowed"));
        }
    }

    private void list(HttpExchange exchange, String rest, String query) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        if (!rest.isEmpty() || !params.keySet().equals(java.util.Set.of("type", "name"))) {
            send(exchange, 400, error(9999, "unexpected list request " + rest + "?" + query));
            return;
        }
        List<Map<String, Object>> found = new ArrayList<>(records.stream()
                .filter(r -> r.get("type").equals(params.get("type"))
                        && r.get("name").equals(params.get("name")))
                .toList());
        Map<String, Object> answer = envelope(found);
        answer.put(
                "result_info",
                Map.of(
                        "page",
                        1,
                        "per_page",
                        100,
                        "count",
                        found.size(),
                        "total_count",
                        found.size(),
                        "total_pages",
                        1));
        send(exchange, 200, JSON.writeValueAsString(answer));
    }

    private void delete(HttpExchange exchange, String rest) throws IOException {
        String id = rest.startsWith("/") ? rest.substring(1) : "";
        boolean removed = records.removeIf(r -> r.get("id").equals(id));
        if (!removed) {
            send(exchange, 404, error(81044, "Record does not exist."));
            return;
        }
        send(exchange, 200, JSON.writeValueAsString(envelope(Map.of("id", id))));
    }

    private void create(HttpExchange exchange, String rest, String body) throws IOException {
        if (!rest.isEmpty()
                || !"application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            send(exchange, 415, error(9999, "expected application/json"));
            return;
        }
        JsonNode json = JSON.readTree(body);
        String id = add(
                json.path("name").asString(),
                json.path("type").asString(),
                json.path("content").asString());
        Map<String, Object> record =
                records.stream().filter(r -> r.get("id").equals(id)).findFirst().orElseThrow();
        record.put("ttl", json.path("ttl").asInt());
        record.put("proxied", json.path("proxied").asBoolean());
        send(exchange, 200, JSON.writeValueAsString(envelope(record)));
    }

    private static Map<String, Object> envelope(Object result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("errors", List.of());
        answer.put("messages", List.of());
        answer.put("result", result);
        return answer;
    }

    private static String error(int code, String message) {
        return "{\"success\":false,\"errors\":[{\"code\":" + code + ",\"message\":\"" + message
                + "\"}],\"messages\":[],\"result\":null}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.cloudroutes.checks.http;

import io.cloudroutes.checks.Check;
import io.cloudroutes.checks.CheckOutcome;
import io.cloudroutes.checks.support.Failures;
import io.cloudroutes.core.plugin.HeaderLines;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** One HTTP request with its expectations. */
final class HttpCheck implements Check {

    record Config(URI url, String method, StatusCodes expected, String keyword, boolean keywordPresent,
            Map<String, String> headers) {

        static Config from(Map<String, String> settings) {
            String keyword = settings.get("keyword");
            return new Config(URI.create(settings.get("url")),
                    settings.getOrDefault("method", "GET"),
                    StatusCodes.parse(settings.getOrDefault("expectedStatus", "200-299")),
                    keyword == null || keyword.isEmpty() ? null : keyword,
                    !"absent".equals(settings.get("keywordMode")),
                    HeaderLines.parse(settings.get("headers")));
        }
    }

    private final HttpClient client;
    private final Config config;

    HttpCheck(HttpClient client, Config config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public CheckOutcome run(Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(timeout)
                .header("User-Agent", "CloudRoutes-Monitor/1")
                .method(config.method(), HttpRequest.BodyPublishers.noBody());
        config.headers().forEach(request::setHeader);
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (!config.expected().accepts(status)) {
                    return CheckOutcome.failed("expected status " + config.expected().text() + " but got " + status,
                            elapsed(start));
                }
                if (config.keyword() != null) {
                    String text = new String(body.readNBytes(HttpCheckType.MAX_BODY_BYTES), StandardCharsets.UTF_8);
                    boolean found = text.contains(config.keyword());
                    if (config.keywordPresent() && !found) {
                        return CheckOutcome.failed("keyword '" + config.keyword() + "' not found in the first "
                                + HttpCheckType.MAX_BODY_BYTES + " bytes", elapsed(start));
                    }
                    if (!config.keywordPresent() && found) {
                        return CheckOutcome.failed("keyword '" + config.keyword() + "' present", elapsed(start));
                    }
                }
                long latency = elapsed(start);
                return CheckOutcome.healthy("HTTP " + status + " in " + latency + " ms", latency);
            }
        } catch (HttpConnectTimeoutException e) {
            // The request timeout also bounds the connect; say which half of the exchange never happened.
            return CheckOutcome.failed("no connection to " + config.url().getHost() + ":" + port() + " within "
                    + timeout.toMillis() + " ms", elapsed(start));
        } catch (HttpTimeoutException e) {
            return CheckOutcome.failed("no response within " + timeout.toMillis() + " ms", elapsed(start));
        } catch (IOException e) {
            return CheckOutcome.failed(Failures.describe(e, config.url().getHost(), port()), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckOutcome.failed("check interrupted", elapsed(start));
        }
    }

    private int port() {
        int port = config.url().getPort();
        return port > 0 ? port : "https".equalsIgnoreCase(config.url().getScheme()) ? 443 : 80;
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}

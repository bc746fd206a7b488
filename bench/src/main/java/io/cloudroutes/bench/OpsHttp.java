package io.cloudroutes.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** A process's health and Prometheus endpoints as the benchmarks read them: waiting until it answers, and scraping. */
public final class OpsHttp {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpsHttp() {}

    /**
     * Waits until {@code health} answers 200, failing at once with {@code stopped}'s message when {@code stopped} says
     * the process serving it has ended.
     */
    public static void awaitHealthy(URI health, Duration timeout, BooleanSupplier stopped, String what) {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (stopped.getAsBoolean()) {
                throw new IllegalStateException(what + " stopped while starting (see its log)");
            }
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(health)
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pauses.pause(Duration.ofMillis(500));
        }
        throw new IllegalStateException(what + " did not answer " + health + " within " + timeout);
    }

    /** One read of a Prometheus endpoint, with the ops token when there is one (null: none). */
    public static Scrape scrape(URI metrics, String opsToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30));
        if (opsToken != null) {
            request.header("Authorization", "Bearer " + opsToken);
        }
        try {
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(metrics + " answered " + answer.statusCode());
            }
            return Scrape.parse(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

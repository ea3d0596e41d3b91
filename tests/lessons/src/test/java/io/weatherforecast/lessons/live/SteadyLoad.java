package io.weatherforecast.lessons.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Requests at a fixed rate through the gateway while something changes the mesh, as users
 * keep using the page during a rollout: {@code GET /api/probe} every 1/rate seconds,
 * whether the answers before it came back or not (open model, like fortio's
 * {@code -qps}). {@link #stop()} waits for the last answers and counts them by outcome:
 * the status code, or the exception of a request that got none.
 */
final class SteadyLoad {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    private final ConcurrentLinkedQueue<CompletableFuture<String>> answers = new ConcurrentLinkedQueue<>();

    private final long started = System.nanoTime();

    private SteadyLoad(URI probe, int perSecond) {
        HttpRequest request = HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(10)).GET().build();
        this.clock.scheduleAtFixedRate(
                () -> this.answers.add(this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(response -> String.valueOf(response.statusCode()))
                    .exceptionally(ex -> (ex.getCause() != null ? ex.getCause() : ex).getClass().getSimpleName())),
                0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    static SteadyLoad start(String gateway, String city, int perSecond) {
        return new SteadyLoad(URI.create("http://" + gateway + "/api/probe?city=" + city), perSecond);
    }

    /** Stops sending, waits for every answer, and counts them. */
    Outcome stop() {
        this.clock.shutdownNow();
        double seconds = (System.nanoTime() - this.started) / 1e9;
        List<CompletableFuture<String>> all = List.copyOf(this.answers);
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        Map<String, Integer> counts = new TreeMap<>();
        all.forEach(answer -> counts.merge(answer.join(), 1, Integer::sum));
        return new Outcome(all.size(), seconds, counts);
    }

    /** How many requests were sent over how long, and their outcomes. */
    record Outcome(int sent, double seconds, Map<String, Integer> counts) {

        int failed() {
            return this.sent - this.counts.getOrDefault("200", 0);
        }

        @Override
        public String toString() {
            return String.format("%d requests in %.1f s (%.0f/s): %s", this.sent, this.seconds,
                    this.sent / this.seconds, this.counts);
        }
    }

}

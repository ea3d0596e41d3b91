package io.weatherforecast.lessons.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The page's own API through the ingress gateway, as the browser calls it:
 * {@code GET /api/weather?city=CITY} and the route panel it draws from the answer's
 * {@code route}, one list of hops per call chain (frontend → forecast → recommendation,
 * frontend → advertisement).
 */
final class PageApi {

    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String gateway;

    private final String city;

    PageApi(String gateway, String city) {
        this.gateway = gateway;
        this.city = city;
    }

    /** One page, with these request headers (a browser's User-Agent, its cookies). */
    Page page(Map<String, String> headers) {
        long started = System.nanoTime();
        HttpResponse<String> response = get("/api/weather?city=" + this.city, headers);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Page(response.statusCode(), took, read(response.body()));
    }

    /** {@code n} pages, at most {@code concurrency} of them in flight at once. */
    List<Page> pages(int n, int concurrency, Map<String, String> headers) {
        try (ExecutorService workers = Executors.newFixedThreadPool(concurrency)) {
            List<Future<Page>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                answers.add(workers.submit(() -> page(headers)));
            }
            List<Page> pages = new ArrayList<>();
            for (Future<Page> answer : answers) {
                pages.add(answer.get());
            }
            return pages;
        }
        catch (Exception ex) {
            throw new IllegalStateException("the pages could not be asked for", ex);
        }
    }

    /** A request to the gateway as it is, without following a redirect. */
    HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + this.gateway + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .GET();
        headers.forEach(request::header);
        try {
            return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        }
        catch (IOException ex) {
            return NullNode.getInstance();
        }
    }

    /**
     * A page as the browser got it: the status, how long it took, and the answer.
     */
    record Page(int status, Duration took, JsonNode body) {

        /** The hop of the route panel for this service, if a chain reached it. */
        Optional<Hop> hop(String service) {
            for (JsonNode chain : this.body.path("route")) {
                for (JsonNode hop : chain) {
                    if (service.equals(hop.path("service").asText())) {
                        return Optional.of(JSON.convertValue(hop, Hop.class));
                    }
                }
            }
            return Optional.empty();
        }

        /** The hop for this service, which the page must show. */
        Hop shown(String service) {
            return hop(service).orElseThrow(() -> new AssertionError("no " + service + " in the route: " + this.body));
        }

    }

    /**
     * One hop of the route panel: {@code status} ok, error (with {@code httpStatus}),
     * timeout or unavailable; {@code millis} how long the caller waited; {@code attempt}
     * the try that answered (the panel's {@code try N}).
     */
    record Hop(String service, String version, String instance, String status, Integer httpStatus, Long millis,
            Integer attempt) {

        boolean ok() {
            return "ok".equals(this.status);
        }

        boolean error(int code) {
            return "error".equals(this.status) && this.httpStatus != null && this.httpStatus == code;
        }

        int tryNumber() {
            return this.attempt == null ? 1 : this.attempt;
        }

    }

}

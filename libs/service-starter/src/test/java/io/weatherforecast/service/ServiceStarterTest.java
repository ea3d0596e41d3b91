package io.weatherforecast.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import io.weatherforecast.service.identity.ServiceIdentity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small application that calls a stub downstream service the way the Weather Forecast
 * services do: on the request thread, and from the application task executor.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = ServiceStarterTest.CallingApp.class, properties = { "spring.application.name=caller",
                "weather.service.version=v7", "weather.service.instance=pod-1" })
class ServiceStarterTest {

    static final Map<String, String> MESH_HEADERS = meshHeaders();

    static final MockWebServer downstream = new MockWebServer();

    @LocalServerPort
    int port;

    @BeforeAll
    static void startDownstream() throws IOException {
        downstream.start();
    }

    @AfterAll
    static void stopDownstream() {
        downstream.close();
    }

    @DynamicPropertySource
    static void downstreamUrl(DynamicPropertyRegistry registry) {
        registry.add("spring.http.serviceclient.downstream.base-url", () -> downstream.url("/").toString());
    }

    @Test
    void forwardsEveryTracingAndRoutingHeaderOnCallsFromTheRequestThread() throws Exception {
        call("/direct", MESH_HEADERS);
        assertForwarded(downstream.takeRequest(5, TimeUnit.SECONDS));
    }

    @Test
    void forwardsTheHeadersOnCallsFromWorkerThreadsToo() throws Exception {
        call("/parallel", MESH_HEADERS);
        assertForwarded(downstream.takeRequest(5, TimeUnit.SECONDS));
    }

    @Test
    void forwardsNoOtherHeadersAndForgetsThemAfterTheRequest() throws Exception {
        Map<String, String> withSecret = new LinkedHashMap<>(MESH_HEADERS);
        withSecret.put("authorization", "Bearer secret");
        call("/direct", withSecret);
        assertThat(downstream.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("authorization")).isNull();

        call("/parallel", Map.of());
        RecordedRequest later = downstream.takeRequest(5, TimeUnit.SECONDS);
        assertThat(later.getHeaders().get("x-request-id")).isNull();
        assertThat(later.getHeaders().get("end-user")).isNull();
    }

    @Test
    void forwardsNoHeaderOverItsCapSoThatOneCallerCannotBreakTheNextService() throws Exception {
        Map<String, String> withHugeCookie = new LinkedHashMap<>(MESH_HEADERS);
        withHugeCookie.put("cookie", "session=" + "a".repeat(7000));
        HttpResponse<String> response = call("/direct", withHugeCookie);
        RecordedRequest received = downstream.takeRequest(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(received.getHeaders().get("cookie")).isNull();
        assertThat(received.getHeaders().get("x-request-id")).isEqualTo(MESH_HEADERS.get("x-request-id"));
        assertThat(received.getHeaders().get("end-user")).isEqualTo("jason");
    }

    @Test
    void forwardsTheHeadersOfTheListOnlyWithinTheirTotalCap() throws Exception {
        Map<String, String> large = new LinkedHashMap<>(MESH_HEADERS);
        for (String name : List.of("tracestate", "baggage", "user-agent", "cookie", "end-user")) {
            large.put(name, name.charAt(0) + "=" + "v".repeat(900));
        }
        call("/direct", large);
        RecordedRequest received = downstream.takeRequest(5, TimeUnit.SECONDS);
        long forwarded = 0;
        for (String name : large.keySet()) {
            String value = received.getHeaders().get(name);
            forwarded += (value != null) ? name.length() + 4 + value.length() : 0;
        }
        assertThat(forwarded).isLessThanOrEqualTo(4096);
        assertThat(received.getHeaders().get("traceparent")).isEqualTo(MESH_HEADERS.get("traceparent"));
        assertThat(received.getHeaders().get("end-user")).isNull();
    }

    @Test
    void answersWithItsIdentityInAHeader() throws Exception {
        HttpResponse<String> response = call("/direct", Map.of());
        downstream.takeRequest(5, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue(ServiceIdentity.HEADER)).hasValue("caller/v7/pod-1");
    }

    @Test
    void answersAnUnknownPathWithAProblemDetail() throws Exception {
        HttpResponse<String> response = call("/nothing-here", Map.of());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":404").doesNotContain("Exception");
    }

    @Test
    void keepsTheConnectionToAServiceOpenForTheNextCall() throws Exception {
        call("/direct", Map.of());
        RecordedRequest first = downstream.takeRequest(5, TimeUnit.SECONDS);
        call("/direct", Map.of());
        RecordedRequest second = downstream.takeRequest(5, TimeUnit.SECONDS);
        assertThat(second.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
        assertThat(second.getExchangeIndex()).isEqualTo(first.getExchangeIndex() + 1);
    }

    @Test
    void opensANewConnectionWhenTheServiceClosedThePooledOneWhileItWasIdle() throws Exception {
        downstream.enqueue(new MockResponse.Builder().body("pong")
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
        assertThat(send("/direct", Map.of()).statusCode()).isEqualTo(200);
        RecordedRequest beforeClose = downstream.takeRequest(5, TimeUnit.SECONDS);
        Thread.sleep(1500); // longer than weather.client.validate-after-idle

        HttpResponse<String> response = call("/direct", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(downstream.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex())
            .isNotEqualTo(beforeClose.getConnectionIndex());
    }

    /**
     * Like Envoy, which drops a closed connection from its pool at once, a call sent on a
     * pooled connection the service closed a moment ago (it stopped or restarted) gets
     * its answer: sent again, once, on a new connection. Only that: an answer, even a
     * 503, is never asked again (below).
     */
    @Test
    void sendsACallAgainOnANewConnectionWhenThePooledOneWasClosedAMomentAgo() throws Exception {
        downstream.enqueue(new MockResponse.Builder().body("pong")
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
        assertThat(send("/direct", Map.of()).statusCode()).isEqualTo(200);
        RecordedRequest beforeClose = downstream.takeRequest(5, TimeUnit.SECONDS);
        Thread.sleep(100); // shorter than weather.client.validate-after-idle: the closed
                           // connection is used

        HttpResponse<String> response = call("/direct", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(downstream.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex())
            .isNotEqualTo(beforeClose.getConnectionIndex());
    }

    @Test
    void callsOnceAndLeavesRetriesToTheMeshEvenWhenTheAnswerSaysRetryAfter() throws Exception {
        int before = downstream.getRequestCount();
        downstream.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "1").build());
        HttpResponse<String> response = send("/direct", Map.of());
        Thread.sleep(1500);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(downstream.getRequestCount() - before).isEqualTo(1);
        downstream.takeRequest(5, TimeUnit.SECONDS);
    }

    /**
     * Loading a class still pins a virtual thread to its carrier: two first calls at once
     * deadlocked frontend v2 on a two-core machine, so the services stay off virtual
     * threads.
     */
    @Test
    void handlesRequestsAndTheirParallelCallsOnPlatformThreads() throws Exception {
        assertThat(send("/threads", Map.of()).body()).isEqualTo("request virtual=false, worker virtual=false");
    }

    private HttpResponse<String> call(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        downstream.enqueue(new MockResponse.Builder().body("pong").build());
        return send(path, headers);
    }

    private HttpResponse<String> send(String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        headers.forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void assertForwarded(RecordedRequest received) {
        assertThat(received).isNotNull();
        MESH_HEADERS.forEach((name, value) -> assertThat(received.getHeaders().get(name)).as(name).isEqualTo(value));
    }

    private static Map<String, String> meshHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", "3f1c6a52-7d0e-4b9a-9a51-1f2d3c4b5a69");
        headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        headers.put("tracestate", "congo=t61rcWkgMzE");
        headers.put("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1");
        headers.put("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7");
        headers.put("x-b3-spanid", "e457b5a2e4d86bd1");
        headers.put("x-b3-parentspanid", "05e3ac9a4f6e3b90");
        headers.put("x-b3-sampled", "1");
        headers.put("x-b3-flags", "1");
        headers.put("x-ot-span-context", "80f198ee56343ba8;e457b5a2e4d86bd1;05e3ac9a4f6e3b90");
        headers.put("baggage", "canary=true");
        headers.put("user-agent", "weather-test/1.0");
        headers.put("cookie", "session=abc");
        headers.put("end-user", "jason");
        return headers;
    }

    interface Downstream {

        @GetExchange("/ping")
        String ping();

    }

    @SpringBootApplication
    @ImportHttpServices(group = "downstream", types = Downstream.class)
    static class CallingApp {

        @RestController
        static class Calls {

            private final Downstream downstream;

            private final Executor executor;

            Calls(Downstream downstream, @Qualifier("applicationTaskExecutor") Executor executor) {
                this.downstream = downstream;
                this.executor = executor;
            }

            @GetMapping("/direct")
            String direct() {
                return downstream.ping();
            }

            @GetMapping("/parallel")
            String parallel() {
                return CompletableFuture.supplyAsync(downstream::ping, executor).join();
            }

            @GetMapping("/threads")
            String threads() {
                boolean worker = CompletableFuture.supplyAsync(() -> Thread.currentThread().isVirtual(), executor)
                    .join();
                return "request virtual=" + Thread.currentThread().isVirtual() + ", worker virtual=" + worker;
            }

        }

    }

}

package io.weatherforecast.forecast.v2.advice;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import io.weatherforecast.forecast.api.Forecast;
import io.weatherforecast.forecast.api.RecommendationStatus;
import io.weatherforecast.service.identity.Hop;

import static org.assertj.core.api.Assertions.assertThat;

/** Forecast v2 against a stub recommendation service that answers, fails, or is slow. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecommendationResilienceTest {

    static final MockWebServer recommendation = new MockWebServer();

    /** How long the slow stub takes to answer: far beyond the time limit. */
    static final Duration SLOW_ANSWER = Duration.ofSeconds(10);

    static final String ADVICE = """
            {"advice":[%s],"servedBy":{"service":"recommendation","version":"v1","instance":"stub"}}""";

    static final String ONE_ADVICE = """
            {"clothing":{"en":"Coat","zh":"大衣"},"sport":{"en":"Run","zh":"跑步"}}""";

    @LocalServerPort
    int port;

    @Value("${resilience4j.timelimiter.instances.recommendation.timeout-duration}")
    Duration timeLimit;

    @Autowired
    Resilience4JCircuitBreakerFactory circuitBreakers;

    @BeforeAll
    static void startStub() throws IOException {
        recommendation.start();
    }

    @AfterAll
    static void stopStub() {
        recommendation.close();
    }

    @DynamicPropertySource
    static void recommendationUrl(DynamicPropertyRegistry registry) {
        registry.add("spring.http.serviceclient.recommendation.base-url", () -> recommendation.url("/").toString());
    }

    @BeforeEach
    void closeTheBreakerAndForgetEarlierRequests() throws InterruptedException {
        circuitBreakers.getCircuitBreakerRegistry().circuitBreaker(RecommendationEnricher.SERVICE).reset();
        while (recommendation.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // drain
        }
    }

    @Test
    void addsAdviceToEveryDayWithOneCallPerForecast() throws Exception {
        recommendation.enqueue(json(ADVICE.formatted(String.join(",", ONE_ADVICE, ONE_ADVICE, ONE_ADVICE))));

        Forecast forecast = weather("chengdu", 3);

        assertThat(forecast.recommendations()).isEqualTo(RecommendationStatus.AVAILABLE);
        assertThat(forecast.days()).allSatisfy(day -> assertThat(day.advice().clothing().zh()).isEqualTo("大衣"));
        assertThat(forecast.servedBy().version()).isEqualTo("v2");
        assertThat(forecast.downstream()).singleElement().satisfies(hop -> {
            assertThat(new Hop(hop.service(), hop.version(), hop.instance(), hop.status()))
                .isEqualTo(new Hop("recommendation", "v1", "stub", Hop.Status.OK));
            assertThat(hop.millis()).isNotNull().isNotNegative();
            assertThat(hop.attempt()).as("no mesh, no try number").isNull();
        });
        RecordedRequest call = recommendation.takeRequest(1, TimeUnit.SECONDS);
        assertThat(call.getTarget()).isEqualTo("/recommendations");
        assertThat(call.getBody().utf8()).contains("\"minTemperature\"").contains("\"condition\"");
        assertThat(recommendation.takeRequest(100, TimeUnit.MILLISECONDS)).as("a second call").isNull();
    }

    @Test
    void forwardsTheIncomingTracingAndRoutingHeadersToRecommendation() throws Exception {
        recommendation.enqueue(json(ADVICE.formatted(ONE_ADVICE)));

        RestClient.create("http://localhost:" + port)
            .get()
            .uri("/weather?city=chengdu&days=1")
            .header("x-request-id", "req-42")
            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .header("x-b3-traceid", "80f198ee56343ba864fe8b2a57d3eff7")
            .header("end-user", "jason")
            .retrieve()
            .toBodilessEntity();

        RecordedRequest call = recommendation.takeRequest(1, TimeUnit.SECONDS);
        assertThat(call.getHeaders().get("x-request-id")).isEqualTo("req-42");
        assertThat(call.getHeaders().get("traceparent"))
            .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(call.getHeaders().get("x-b3-traceid")).isEqualTo("80f198ee56343ba864fe8b2a57d3eff7");
        assertThat(call.getHeaders().get("end-user")).isEqualTo("jason");
    }

    @Test
    void showsWhichTryOfTheMeshRecommendationAnswered() {
        recommendation
            .enqueue(json(ADVICE.formatted(ONE_ADVICE).replace("\"servedBy\"", "\"attempt\":2,\"servedBy\"")));

        Forecast forecast = weather("chengdu", 1);

        assertThat(forecast.recommendations()).isEqualTo(RecommendationStatus.AVAILABLE);
        assertThat(forecast.downstream()).extracting(Hop::attempt).containsExactly(2);
    }

    @Test
    void answersInTimeWithAdviceUnavailableWhenRecommendationFails() {
        recommendation.enqueue(new MockResponse.Builder().code(500).body("boom").build());

        Forecast forecast = assertUnavailableWithinTheTimeLimit(() -> weather("chengdu", 3));
        assertThat(forecast.downstream()).singleElement().satisfies(hop -> {
            assertThat(hop.status()).isEqualTo(Hop.Status.ERROR);
            assertThat(hop.httpStatus()).isEqualTo(500);
        });
    }

    @Test
    void answersInTimeWithAdviceUnavailableWhenRecommendationIsSlow() {
        recommendation.enqueue(new MockResponse.Builder().headersDelay(SLOW_ANSWER.toSeconds(), TimeUnit.SECONDS)
            .body(ADVICE.formatted(ONE_ADVICE))
            .build());

        Forecast forecast = assertUnavailableWithinTheTimeLimit(() -> weather("chengdu", 1));
        assertThat(forecast.downstream()).singleElement().satisfies(hop -> {
            assertThat(hop.status()).isEqualTo(Hop.Status.TIMEOUT);
            assertThat(hop.millis()).isGreaterThanOrEqualTo(timeLimit.toMillis() - 50);
        });
    }

    @Test
    void answersWithAdviceUnavailableWhenRecommendationAnswersNonsense() {
        recommendation.enqueue(json(ADVICE.formatted(ONE_ADVICE)));

        Forecast forecast = assertUnavailableWithinTheTimeLimit(() -> weather("chengdu", 3));
        assertThat(forecast.downstream()).extracting(Hop::status).containsExactly(Hop.Status.UNAVAILABLE);
    }

    @Test
    void opensTheBreakerAfterRepeatedFailuresAndStopsCallingAndShowsItInTheMetrics() throws Exception {
        for (int i = 0; i < 10; i++) {
            recommendation.enqueue(new MockResponse.Builder().code(503).build());
        }
        for (int i = 0; i < 10; i++) {
            weather("chengdu", 1);
        }
        int callsWhileClosed = recommendation.getRequestCount();

        Forecast whileOpen = weather("chengdu", 1);

        assertThat(whileOpen.recommendations()).isEqualTo(RecommendationStatus.UNAVAILABLE);
        assertThat(whileOpen.downstream()).extracting(Hop::status).containsExactly(Hop.Status.UNAVAILABLE);
        assertThat(recommendation.getRequestCount()).isEqualTo(callsWhileClosed);
        String metrics = RestClient.create("http://localhost:" + port)
            .get()
            .uri("/actuator/prometheus")
            .retrieve()
            .body(String.class);
        assertThat(metrics)
            .contains("resilience4j_circuitbreaker_state{group=\"none\",name=\"recommendation\",state=\"open\"} 1.0");
    }

    private Forecast assertUnavailableWithinTheTimeLimit(Supplier<Forecast> call) {
        long started = System.nanoTime();
        Forecast forecast = call.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // Halfway between the time limit and the slow stub's answer: proves that the
        // limit cut the call, with room
        // for a first call on a loaded machine (class loading in both the service and the
        // stub)
        assertThat(took).isLessThan(timeLimit.plus(SLOW_ANSWER.minus(timeLimit).dividedBy(2)));
        assertThat(forecast.recommendations()).isEqualTo(RecommendationStatus.UNAVAILABLE);
        assertThat(forecast.days()).allSatisfy(day -> assertThat(day.advice()).isNull());
        assertThat(forecast.downstream()).extracting(Hop::service).containsExactly("recommendation");
        return forecast;
    }

    private Forecast weather(String city, int days) {
        return RestClient.create("http://localhost:" + port)
            .get()
            .uri("/weather?city={city}&days={days}", city, days)
            .retrieve()
            .body(Forecast.class);
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }

}

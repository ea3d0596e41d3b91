package io.weatherforecast.service.identity;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.ConnectTimeoutException;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

class HopTest {

    private static final Duration TOOK = Duration.ofMillis(1234);

    @Test
    void anErrorAnswerIsAnErrorWithItsStatus() {
        Hop hop = Hop.failed("advertisement",
                new CompletionException(
                        HttpServerErrorException.create(HttpStatus.SERVICE_UNAVAILABLE, "fault", null, null, null)),
                TOOK);

        assertThat(hop).isEqualTo(new Hop("advertisement", null, null, Hop.Status.ERROR, 503, 1234L));
    }

    @Test
    void aConnectOrReadTimeoutOrATimeLimitIsATimeout() {
        assertThat(
                Hop.failed("forecast", new ResourceAccessException("I/O", new ConnectTimeoutException("connect")), TOOK)
                    .status())
            .isEqualTo(Hop.Status.TIMEOUT);
        assertThat(Hop.failed("forecast", new ResourceAccessException("I/O", new SocketTimeoutException("read")), TOOK)
            .status()).isEqualTo(Hop.Status.TIMEOUT);
        assertThat(Hop.failed("recommendation", new TimeoutException("time limiter"), TOOK).status())
            .isEqualTo(Hop.Status.TIMEOUT);
    }

    @Test
    void noAnswerIsUnavailable() {
        Hop hop = Hop.failed("forecast", new ResourceAccessException("I/O", new ConnectException("refused")), TOOK);

        assertThat(hop).isEqualTo(new Hop("forecast", null, null, Hop.Status.UNAVAILABLE, null, 1234L));
        assertThat(Hop.failed("forecast", new IllegalStateException("rejected"), null).millis()).isNull();
    }

    @Test
    void readsTheTryNumberEnvoySends() {
        assertThat(Hop.attempt("2")).isEqualTo(2);
        assertThat(Hop.attempt(null)).isNull();
        assertThat(Hop.attempt("0")).isNull();
        assertThat(Hop.attempt("two")).isNull();
        assertThat(Hop.attempt("100")).isNull();
    }

    @Test
    void writesOnlyWhatItKnows() {
        JsonMapper json = JsonMapper.builder().build();

        assertThat(json.writeValueAsString(Hop.unavailable("forecast")))
            .isEqualTo("{\"service\":\"forecast\",\"status\":\"unavailable\"}");
        assertThat(json.writeValueAsString(new Hop("forecast", null, null, Hop.Status.ERROR, 503, 12L)))
            .isEqualTo("{\"service\":\"forecast\",\"status\":\"error\",\"httpStatus\":503,\"millis\":12}");
        assertThat(
                json.writeValueAsString(new Hop("recommendation", "v1", "r-1", Hop.Status.OK, null, 7L).withAttempt(2)))
            .isEqualTo("{\"service\":\"recommendation\",\"version\":\"v1\",\"instance\":\"r-1\",\"status\":\"ok\","
                    + "\"millis\":7,\"attempt\":2}");
    }

}

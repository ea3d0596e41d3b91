package io.weatherforecast.service.fault;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FaultSwitchTest {

    @Test
    void isOffWithoutConfiguration() {
        FaultSwitch.Settings settings = FaultSwitch.Settings.of(new MockEnvironment());

        assertThat(settings).isEqualTo(FaultSwitch.Settings.OFF);
        assertThat(settings.on()).isFalse();
    }

    @Test
    void readsItsSettingsFromTheConfiguration() {
        FaultSwitch.Settings settings = FaultSwitch.Settings
            .of(new MockEnvironment().withProperty("weather.faults.failure-percent", "30")
                .withProperty("weather.faults.delay", "2s")
                .withProperty("weather.faults.delay-percent", "50"));

        assertThat(settings).isEqualTo(new FaultSwitch.Settings(30, Duration.ofSeconds(2), 50));
    }

    @Test
    void refusesSettingsOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FaultSwitch.Settings(101, Duration.ZERO, 100));
        assertThatIllegalArgumentException().isThrownBy(() -> new FaultSwitch.Settings(0, Duration.ZERO, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new FaultSwitch.Settings(0, Duration.ofSeconds(11), 100));
    }

    @Test
    void failsEveryAnswerAt100PercentWithAProblemAndTheFaultHeader() throws Exception {
        FaultSwitch faults = new FaultSwitch(new FaultSwitch.Settings(100, Duration.ZERO, 100), new Random(1),
                "/actuator");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        faults.doFilter(new MockHttpServletRequest("POST", "/weather"), response, chain);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("x-weather-fault")).isEqualTo("failure");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("Failing on purpose");
        assertThat(chain.getRequest()).as("the controller was not called").isNull();
    }

    @Test
    void failsAboutTheConfiguredShare() throws Exception {
        FaultSwitch faults = new FaultSwitch(new FaultSwitch.Settings(30, Duration.ZERO, 100), new Random(42),
                "/actuator");
        int failed = 0;
        for (int i = 0; i < 1000; i++) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            faults.doFilter(new MockHttpServletRequest("POST", "/weather"), response, new MockFilterChain());
            failed += response.getStatus() == 503 ? 1 : 0;
        }

        assertThat(failed).isBetween(250, 350);
    }

    @Test
    void delaysAndThenAnswers() throws Exception {
        FaultSwitch faults = new FaultSwitch(new FaultSwitch.Settings(0, Duration.ofMillis(200), 100), new Random(1),
                "/actuator");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        long started = System.nanoTime();
        faults.doFilter(new MockHttpServletRequest("POST", "/weather"), response, chain);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("x-weather-fault")).isEqualTo("delay");
        assertThat(chain.getRequest()).as("the controller was called").isNotNull();
    }

    @Test
    void leavesOtherPathsAlone() throws Exception {
        FaultSwitch faults = new FaultSwitch(new FaultSwitch.Settings(100, Duration.ZERO, 100), new Random(1),
                "/actuator");
        MockHttpServletResponse response = new MockHttpServletResponse();

        faults.doFilter(new MockHttpServletRequest("GET", "/actuator/health/readiness"), response,
                new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("x-weather-fault")).isNull();
    }

}

package io.weatherforecast.frontend.local;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local profile at the tutorial's first step: everything to v1, although v2 is
 * running.
 */
@TestPropertySource(properties = "weather.local.split=0")
class LocalSplitRoutingTest extends LocalSplitTestSupport {

    @Test
    void aZeroSplitNeverCallsVersion2() throws Exception {
        assertThat(probeVersions(20)).containsOnly("v1").hasSize(20);
        assertThat(forecastV1.getRequestCount()).isEqualTo(20);
        assertThat(forecastV2.getRequestCount()).isZero();
    }

}

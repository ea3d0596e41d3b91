package io.weatherforecast.frontend.local;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local profile at the canary step (50/50): each call picks a version at random by
 * weight, as Istio does, not in strict turns.
 */
@TestPropertySource(properties = "weather.local.split=50")
class LocalSplitRandomTest extends LocalSplitTestSupport {

    @Test
    void aCanarySplitPicksAtRandomByWeight() throws Exception {
        List<String> versions = probeVersions(60);

        assertThat(versions.stream().filter("v2"::equals).count()).isBetween(15L, 45L);
        boolean strictTurns = true;
        for (int i = 1; i < versions.size(); i++) {
            strictTurns &= !versions.get(i).equals(versions.get(i - 1));
        }
        // with a random pick, 60 calls in strict turns have a probability of 2^-59
        assertThat(strictTurns).as("calls in strict turns: " + versions).isFalse();
    }

}

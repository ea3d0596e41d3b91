package io.weatherforecast.frontend.local;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local profile at the canary step when forecast v2 dies after it has served: the
 * frontend still holds a kept-alive connection to it, and the next call on that
 * connection gets no answer. The client sends it again on a new connection, which is
 * refused, and so it is retried on v1 (run-local.sh's "kill forecast-v2" check). Pooled
 * connections are not validated here, so that the call does go out on the dead
 * connection; that setting also keeps this class's context apart from the other 50/50
 * tests', and the context is not reused after it: its stub of v2 is gone.
 */
@DirtiesContext
@TestPropertySource(properties = { "weather.local.split=50", "weather.client.validate-after-idle=1h" })
class LocalSplitStaleConnectionTest extends LocalSplitTestSupport {

    @Test
    void aVersionThatDiesWhileItsConnectionIsPooledCostsNoProbe() throws Exception {
        for (int i = 0; i < 100 && forecastV2.getRequestCount() == 0; i++) {
            probeVersions(1);
        }
        assertThat(forecastV2.getRequestCount()).as("calls to v2 before it dies").isPositive();
        forecastV2.close();

        List<String> versions = probeVersions(20);

        assertThat(versions).containsOnly("v1").hasSize(20);
    }

}

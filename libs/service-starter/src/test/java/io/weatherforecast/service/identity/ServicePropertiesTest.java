package io.weatherforecast.service.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ServicePropertiesTest {

    @Test
    void theServiceIsNamedByItsApplicationUnlessNamedOtherwise() {
        assertThat(new ServiceProperties(null, "v2", "pod-1").identity("forecast"))
            .isEqualTo(new ServiceIdentity("forecast", "v2", "pod-1"));
        assertThat(new ServiceProperties("weather", "v2", "pod-1").identity("forecast").service()).isEqualTo("weather");
    }

    @Test
    void withoutAVersionTheServiceDoesNotStart() {
        assertThatIllegalStateException()
            .isThrownBy(() -> new ServiceProperties(null, "", "pod-1").identity("forecast"))
            .withMessageContaining("No version for forecast: set SERVICE_VERSION");
    }

}

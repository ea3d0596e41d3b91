package io.weatherforecast.frontend.local;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class LocalForecastSplitTest {

    private static final URI V1 = URI.create("http://localhost:3002");

    private static final URI V2 = URI.create("http://localhost:3012");

    @Test
    void aZeroSplitSendsEverythingToVersion1() {
        assertThat(LocalForecastSplit.instances(new LocalSplitProperties(0, V1, V2))).singleElement()
            .satisfies(instance -> assertThat(instance.getUri()).isEqualTo(V1));
    }

    @Test
    void aHundredSplitSendsEverythingToVersion2() {
        assertThat(LocalForecastSplit.instances(new LocalSplitProperties(100, V1, V2))).singleElement()
            .satisfies(instance -> assertThat(instance.getUri()).isEqualTo(V2));
    }

    @Test
    void aCanarySplitWeighsBothVersions() {
        assertThat(LocalForecastSplit.instances(new LocalSplitProperties(20, V1, V2)))
            .extracting(ServiceInstance::getMetadata)
            .extracting(metadata -> metadata.get("version") + "=" + metadata.get("weight"))
            .containsExactly("v1=80", "v2=20");
    }

}

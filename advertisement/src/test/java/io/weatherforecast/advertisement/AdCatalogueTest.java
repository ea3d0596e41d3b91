package io.weatherforecast.advertisement;

import java.time.LocalDate;

import jakarta.validation.Validation;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.mock.env.MockEnvironment;

import io.weatherforecast.liveconfig.ReloadableProperties;
import io.weatherforecast.weather.Condition;
import io.weatherforecast.weather.DayWeather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AdCatalogueTest {

    @Test
    void showsTheFirstAdWhoseWeatherMatchesToday() {
        MockEnvironment environment = new MockEnvironment();
        ad(environment, 0, "umbrella").setProperty("advertisement.ads[0].when.conditions", "rain");
        ad(environment, 1, "ice-cream").setProperty("advertisement.ads[1].when.from", "25");
        ad(environment, 2, "coffee");

        AdCatalogue catalogue = bind(environment);

        assertThat(catalogue.adFor(day(Condition.RAIN, 26, 30)).id()).isEqualTo("umbrella");
        assertThat(catalogue.adFor(day(Condition.SUNNY, 26, 30)).id()).isEqualTo("ice-cream");
        assertThat(catalogue.adFor(day(Condition.SUNNY, 10, 16)).id()).isEqualTo("coffee");
    }

    @Test
    void refusesACatalogueWithoutAnAdForAnyWeather() {
        MockEnvironment environment = new MockEnvironment();
        ad(environment, 0, "umbrella").setProperty("advertisement.ads[0].when.conditions", "rain");

        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(environment))
            .havingRootCause()
            .withMessageContaining("the last ad must match any weather");
    }

    private static MockEnvironment ad(MockEnvironment environment, int index, String id) {
        String prefix = "advertisement.ads[" + index + "].";
        return environment.withProperty(prefix + "id", id)
            .withProperty(prefix + "title.en", "Title")
            .withProperty(prefix + "title.zh", "标题")
            .withProperty(prefix + "text.en", "Text")
            .withProperty(prefix + "text.zh", "文字")
            .withProperty(prefix + "link", "https://example.com/" + id);
    }

    private static AdCatalogue bind(MockEnvironment environment) {
        return ReloadableProperties
            .of(environment, "advertisement", AdCatalogue.class,
                    Validation.buildDefaultValidatorFactory().getValidator())
            .get();
    }

    private static DayWeather day(Condition condition, int min, int max) {
        return new DayWeather(LocalDate.of(2026, 7, 1), condition, min, max, 50, 10, 20);
    }

}

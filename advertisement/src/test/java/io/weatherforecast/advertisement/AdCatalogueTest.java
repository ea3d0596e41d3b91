package io.weatherforecast.advertisement;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import io.weatherforecast.forecast.Condition;
import io.weatherforecast.forecast.DailyForecast;

import static org.assertj.core.api.Assertions.assertThat;

class AdCatalogueTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
        .withUserConfiguration(CatalogueConfiguration.class)
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class));

    @Test
    void showsTheFirstAdWhoseWeatherMatchesToday() {
        context.withPropertyValues(ad(0, "umbrella"), "advertisement.ads[0].when.conditions=rain", ad(1, "ice-cream"),
                "advertisement.ads[1].when.from=25", ad(2, "coffee"))
            .withPropertyValues(texts(0))
            .withPropertyValues(texts(1))
            .withPropertyValues(texts(2))
            .run(ctx -> {
                AdCatalogue catalogue = ctx.getBean(AdCatalogue.class);
                assertThat(catalogue.adFor(day(Condition.RAIN, 26, 30)).id()).isEqualTo("umbrella");
                assertThat(catalogue.adFor(day(Condition.SUNNY, 26, 30)).id()).isEqualTo("ice-cream");
                assertThat(catalogue.adFor(day(Condition.SUNNY, 10, 16)).id()).isEqualTo("coffee");
            });
    }

    @Test
    void refusesToStartWhenNoAdMatchesAnyWeather() {
        context.withPropertyValues(ad(0, "umbrella"), "advertisement.ads[0].when.conditions=rain")
            .withPropertyValues(texts(0))
            .run(ctx -> assertThat(ctx).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("the last ad must match any weather"));
    }

    private static String ad(int index, String id) {
        return "advertisement.ads[" + index + "].id=" + id;
    }

    private static String[] texts(int index) {
        String prefix = "advertisement.ads[" + index + "].";
        return new String[] { prefix + "title.en=Title", prefix + "title.zh=标题", prefix + "text.en=Text",
                prefix + "text.zh=文字", prefix + "link=https://example.com/" + index };
    }

    private static DailyForecast day(Condition condition, int min, int max) {
        return new DailyForecast(LocalDate.of(2026, 7, 1), condition, min, max, 50, 10, 20, null);
    }

    @EnableConfigurationProperties(AdCatalogue.class)
    static class CatalogueConfiguration {
    }
}

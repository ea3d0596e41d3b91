package io.weatherforecast.recommendation;

import java.io.IOException;
import java.util.stream.IntStream;

import jakarta.validation.Validation;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

import io.weatherforecast.liveconfig.ReloadableProperties;
import io.weatherforecast.weather.Condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AdviceRulesTest {

    @Test
    void theShippedRulesGiveAdviceForEveryConditionAtEveryTemperature() throws IOException {
        StandardEnvironment shipped = new StandardEnvironment();
        shipped.getPropertySources()
            .addFirst(new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .getFirst());
        AdviceRules rules = bind(shipped);

        for (Condition condition : Condition.values()) {
            IntStream.rangeClosed(-40, 45).forEach(temperature -> {
                Advice advice = rules.adviceFor(new DayConditions(condition, temperature - 3, temperature + 3));
                assertThat(advice.clothing().en()).isNotBlank();
                assertThat(advice.sport().zh()).isNotBlank();
            });
        }
    }

    @Test
    void theFirstMatchingRuleWins() {
        MockEnvironment environment = sport(new MockEnvironment());
        rule(environment, "clothing", 0, "coat").setProperty("recommendation.clothing[0].when.below", "0");
        rule(environment, "clothing", 1, "sweater").setProperty("recommendation.clothing[1].when.below", "10");
        rule(environment, "clothing", 2, "shirt");

        AdviceRules rules = bind(environment);

        assertThat(rules.adviceFor(new DayConditions(Condition.SUNNY, -5, -1)).clothing().en()).isEqualTo("coat");
        assertThat(rules.adviceFor(new DayConditions(Condition.SUNNY, 2, 8)).clothing().en()).isEqualTo("sweater");
        assertThat(rules.adviceFor(new DayConditions(Condition.SUNNY, 20, 30)).clothing().en()).isEqualTo("shirt");
    }

    @Test
    void refusesATableThatDoesNotEndWithARuleForAnyWeather() {
        MockEnvironment environment = sport(new MockEnvironment());
        rule(environment, "clothing", 0, "coat").setProperty("recommendation.clothing[0].when.below", "0");

        assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(environment))
            .havingRootCause()
            .withMessageContaining("the last rule of each table must match any weather");
    }

    private static MockEnvironment sport(MockEnvironment environment) {
        return rule(environment, "sport", 0, "walk");
    }

    private static MockEnvironment rule(MockEnvironment environment, String table, int index, String advice) {
        String prefix = "recommendation." + table + "[" + index + "].advice.";
        return environment.withProperty(prefix + "en", advice).withProperty(prefix + "zh", "建议");
    }

    private static AdviceRules bind(Environment environment) {
        return ReloadableProperties
            .of(environment, "recommendation", AdviceRules.class,
                    Validation.buildDefaultValidatorFactory().getValidator())
            .get();
    }

}

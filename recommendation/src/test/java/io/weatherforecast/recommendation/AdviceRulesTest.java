package io.weatherforecast.recommendation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import io.weatherforecast.forecast.Condition;

import static org.assertj.core.api.Assertions.assertThat;

class AdviceRulesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
        .withUserConfiguration(RulesConfiguration.class)
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class));

    @Test
    void theShippedRulesGiveAdviceForEveryConditionAtEveryTemperature() {
        context.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(shippedConfiguration()))
            .run(ctx -> {
                AdviceRules rules = ctx.getBean(AdviceRules.class);
                for (Condition condition : Condition.values()) {
                    IntStream.rangeClosed(-40, 45).forEach(temperature -> {
                        Advice advice = rules.adviceFor(new DayConditions(condition, temperature - 3, temperature + 3));
                        assertThat(advice.clothing().en()).isNotBlank();
                        assertThat(advice.sport().zh()).isNotBlank();
                    });
                }
            });
    }

    @Test
    void theFirstMatchingRuleWins() {
        context.withPropertyValues(
                "recommendation.clothing[0].when.below=0", "recommendation.clothing[0].advice.en=coat",
                "recommendation.clothing[0].advice.zh=大衣", "recommendation.clothing[1].when.below=10",
                "recommendation.clothing[1].advice.en=sweater", "recommendation.clothing[1].advice.zh=毛衣",
                "recommendation.clothing[2].advice.en=shirt", "recommendation.clothing[2].advice.zh=衬衫",
                "recommendation.sport[0].advice.en=walk", "recommendation.sport[0].advice.zh=散步")
            .run(ctx -> {
                AdviceRules rules = ctx.getBean(AdviceRules.class);
                assertThat(rules.adviceFor(new DayConditions(Condition.SUNNY, -5, -1)).clothing().en()).isEqualTo("coat");
                assertThat(rules.adviceFor(new DayConditions(Condition.SUNNY, 2, 8)).clothing().en()).isEqualTo("sweater");
                assertThat(rules.adviceFor(new DayConditions(Condition.SUNNY, 20, 30)).clothing().en()).isEqualTo("shirt");
            });
    }

    @Test
    void refusesToStartWhenATableDoesNotEndWithARuleForAnyWeather() {
        context.withPropertyValues(
                "recommendation.clothing[0].when.below=0", "recommendation.clothing[0].advice.en=coat",
                "recommendation.clothing[0].advice.zh=大衣",
                "recommendation.sport[0].advice.en=walk", "recommendation.sport[0].advice.zh=散步")
            .run(ctx -> assertThat(ctx).hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("the last rule of each table must match any weather"));
    }

    private static PropertySource<?> shippedConfiguration() {
        try {
            List<PropertySource<?>> documents = new YamlPropertySourceLoader().load("application.yml",
                    new ClassPathResource("application.yml"));
            return documents.getFirst();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @EnableConfigurationProperties(AdviceRules.class)
    static class RulesConfiguration {
    }
}

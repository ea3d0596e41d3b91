package io.weatherforecast.weather;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WeatherCriteriaTest {

    @Test
    void withoutConditionsOrBoundsMatchesAnyWeather() {
        assertThat(WeatherCriteria.ANY.matchesAnyWeather()).isTrue();
        assertThat(WeatherCriteria.ANY.matches(Condition.STORM, -40)).isTrue();
        assertThat(new WeatherCriteria(null, null, null)).isEqualTo(WeatherCriteria.ANY);
    }

    @Test
    void matchesOnlyTheNamedConditions() {
        WeatherCriteria wet = new WeatherCriteria(Set.of(Condition.RAIN, Condition.STORM), null, null);
        assertThat(wet.matches(Condition.RAIN, 10)).isTrue();
        assertThat(wet.matches(Condition.SUNNY, 10)).isFalse();
        assertThat(wet.matchesAnyWeather()).isFalse();
    }

    @Test
    void includesTheLowerBoundAndExcludesTheUpperBound() {
        WeatherCriteria mild = new WeatherCriteria(Set.of(), 10.0, 20.0);
        assertThat(mild.matches(Condition.CLOUDY, 9.9)).isFalse();
        assertThat(mild.matches(Condition.CLOUDY, 10)).isTrue();
        assertThat(mild.matches(Condition.CLOUDY, 19.9)).isTrue();
        assertThat(mild.matches(Condition.CLOUDY, 20)).isFalse();
    }

}

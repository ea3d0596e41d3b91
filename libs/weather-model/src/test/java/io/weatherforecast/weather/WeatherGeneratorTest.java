package io.weatherforecast.weather;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import io.weatherforecast.weather.city.City;
import io.weatherforecast.weather.city.CityCatalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WeatherGeneratorTest {

    private static final CityCatalogue CITIES = CityCatalogue.bundled(JsonMapper.builder().build());

    private static final Clock NOON_UTC = Clock.fixed(Instant.parse("2026-07-15T12:00:00Z"), ZoneOffset.UTC);

    private final WeatherGenerator generator = new WeatherGenerator(NOON_UTC);

    @Test
    void tellsTheSameWeatherForTheSameCityAndDayInEveryInstance() {
        WeatherGenerator otherReplica = new WeatherGenerator(NOON_UTC);
        City beijing = CITIES.require("beijing");
        assertThat(otherReplica.weather(beijing, 7)).isEqualTo(generator.weather(beijing, 7));
    }

    @Test
    void forecastsTheRequestedNumberOfConsecutiveDaysStartingTodayInTheCitysZone() {
        City auckland = CITIES.require("auckland");
        List<DayWeather> days = generator.weather(auckland, 5).days();
        assertThat(days).extracting(DayWeather::date)
            .containsExactly(LocalDate.of(2026, 7, 16), LocalDate.of(2026, 7, 17), LocalDate.of(2026, 7, 18),
                    LocalDate.of(2026, 7, 19), LocalDate.of(2026, 7, 20));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, -1, 8 })
    void refusesADayCountOutsideOneToSeven(int days) {
        assertThatIllegalArgumentException().isThrownBy(() -> generator.weather(CITIES.require("paris"), days));
    }

    @Test
    void keepsEveryDayInternallyConsistent() {
        CITIES.all().forEach(city -> yearOf(city).forEach(day -> {
            assertThat(day.minTemperature()).isLessThanOrEqualTo(day.maxTemperature());
            assertThat(day.humidity()).isBetween(10, 100);
            assertThat(day.precipitationChance()).isBetween(0, 100);
            assertThat(day.windKph()).isNotNegative();
        }));
    }

    @Test
    void neverSnowsInSingapore() {
        assertThat(yearOf(CITIES.require("singapore"))).noneMatch(day -> day.condition() == Condition.SNOW)
            .allMatch(day -> day.minTemperature() >= 18);
    }

    @Test
    void harbinWintersAreFreezingAndBringSnow() {
        List<DayWeather> january = yearOf(CITIES.require("harbin")).stream()
            .filter(day -> day.date().getMonth() == Month.JANUARY)
            .toList();
        assertThat(january).allMatch(day -> day.minTemperature() < 0);
        assertThat(january).anyMatch(day -> day.condition() == Condition.SNOW);
        assertThat(january).noneMatch(day -> day.condition() == Condition.RAIN || day.condition() == Condition.STORM);
    }

    @Test
    void seasonsAreReversedInTheSouthernHemisphere() {
        List<DayWeather> sydney = yearOf(CITIES.require("sydney"));
        assertThat(meanOf(sydney, Month.JANUARY)).isGreaterThan(meanOf(sydney, Month.JULY) + 5);
    }

    @Test
    void monsoonCitiesAreWetInSummerAndDryInWinter() {
        List<DayWeather> mumbai = yearOf(CITIES.require("mumbai"));
        assertThat(wetDays(mumbai, Month.JULY)).isGreaterThan(15);
        assertThat(wetDays(mumbai, Month.JANUARY)).isLessThan(4);
    }

    @Test
    void theCurrentTemperatureLiesWithinTodaysRange() {
        CITIES.all().forEach(city -> {
            WeatherGenerator.Weather weather = generator.weather(city, 1);
            DayWeather today = weather.days().getFirst();
            assertThat(weather.current().temperature()).isBetween(today.minTemperature(), today.maxTemperature());
            assertThat(weather.current().condition()).isEqualTo(today.condition());
            assertThat(weather.current().observedAt().toLocalDate()).isEqualTo(today.date());
        });
    }

    private List<DayWeather> yearOf(City city) {
        return Stream.iterate(LocalDate.of(2026, 1, 1), date -> date.getYear() == 2026, date -> date.plusDays(1))
            .map(date -> generator.day(city, date))
            .toList();
    }

    private static double meanOf(List<DayWeather> days, Month month) {
        return days.stream()
            .filter(day -> day.date().getMonth() == month)
            .mapToDouble(DayWeather::meanTemperature)
            .average()
            .orElseThrow();
    }

    private static long wetDays(List<DayWeather> days, Month month) {
        return days.stream()
            .filter(day -> day.date().getMonth() == month)
            .filter(day -> day.condition() == Condition.RAIN || day.condition() == Condition.STORM)
            .count();
    }

}

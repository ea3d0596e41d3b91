package io.weatherforecast.weather;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import io.weatherforecast.weather.city.City;
import io.weatherforecast.weather.city.Climate;

/**
 * Plausible weather without an external API: each day follows the city's monthly climate
 * normals, varied by a random generator seeded with the city and the date. Every replica
 * and every version therefore tells the same weather for the same city and day.
 */
public class WeatherGenerator {

    public static final int MAX_DAYS = 7;

    private static final double HOTTEST_HOUR = 15;

    private final Clock clock;

    public WeatherGenerator(Clock clock) {
        this.clock = clock;
    }

    /**
     * The current conditions and {@code days} daily forecasts, starting today in the
     * city's time zone.
     */
    public Weather weather(City city, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", was " + days);
        }
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(city.timeZone())).truncatedTo(ChronoUnit.HOURS);
        List<DayWeather> daily = Stream.iterate(now.toLocalDate(), date -> date.plusDays(1))
            .limit(days)
            .map(date -> day(city, date))
            .toList();
        return new Weather(current(city, daily.getFirst(), now.toOffsetDateTime()), daily);
    }

    public DayWeather today(City city) {
        return day(city, LocalDate.now(clock.withZone(city.timeZone())));
    }

    public DayWeather day(City city, LocalDate date) {
        Climate climate = city.climate();
        SplittableRandom random = randomFor(city, date);
        double wetShare = interpolate(date, climate::wetDayShare);
        boolean wet = random.nextDouble() < wetShare;
        double mean = interpolate(date, climate::meanTemperature) + temperatureAnomaly(city, date);
        Condition condition = condition(wet, mean, climate, wetShare, random);
        double range = climate.dailyRange() * (condition == Condition.SUNNY ? 1.0 : 0.65);
        int min = (int) Math.round(mean - range / 2);
        int max = (int) Math.round(mean + range / 2);
        int humidity = Math.clamp(climate.humidity() + humidityShift(condition) + random.nextInt(-5, 6), 10, 97);
        int wind = condition == Condition.STORM ? random.nextInt(35, 70) : random.nextInt(4, 25);
        int precipitationChance = wet ? random.nextInt(60, 96) : (int) Math.min(40, Math.round(wetShare * 50));
        return new DayWeather(date, condition, min, max, humidity, wind, precipitationChance);
    }

    private static Condition condition(boolean wet, double mean, Climate climate, double wetShare,
            SplittableRandom random) {
        double draw = random.nextDouble();
        if (wet) {
            if (mean + climate.dailyRange() / 4 <= 1.0) {
                return Condition.SNOW;
            }
            return mean >= 18 && draw < 0.35 ? Condition.STORM : Condition.RAIN;
        }
        boolean foggyClimate = climate.humidity() >= 70 && mean > -5 && mean < 18;
        if (foggyClimate && draw < 0.1) {
            return Condition.FOG;
        }
        return draw < 0.2 + 0.6 * wetShare ? Condition.CLOUDY : Condition.SUNNY;
    }

    private CurrentConditions current(City city, DayWeather today, OffsetDateTime observedAt) {
        double hour = observedAt.getHour();
        double warmth = (1 + Math.cos(2 * Math.PI * (hour - HOTTEST_HOUR) / 24)) / 2;
        int temperature = (int) Math
            .round(today.minTemperature() + (today.maxTemperature() - today.minTemperature()) * warmth);
        SplittableRandom random = randomFor(city, today.date()).split();
        int wind = Math.max(0, today.windKph() + random.nextInt(-3, 4));
        return new CurrentConditions(today.condition(), temperature, today.humidity(), wind, observedAt);
    }

    /**
     * Day-to-day variation that lingers (half of yesterday's anomaly carries over into
     * today's) and that is as wide as the climate is variable: about 1 °C in Singapore,
     * about 4 °C in Harbin.
     */
    private static double temperatureAnomaly(City city, LocalDate date) {
        double spread = Math.clamp(0.8 + 0.1 * city.climate().seasonalRange(), 0.8, 4.0);
        double today = randomFor(city, date).split().nextGaussian();
        double yesterday = randomFor(city, date.minusDays(1)).split().nextGaussian();
        return spread * (today + 0.5 * yesterday) / Math.sqrt(1.25);
    }

    private static int humidityShift(Condition condition) {
        return switch (condition) {
            case RAIN, STORM, SNOW -> 15;
            case FOG -> 20;
            case CLOUDY -> 5;
            case SUNNY -> -10;
        };
    }

    /**
     * A monthly normal at a date: linear between the middles of two neighbouring months.
     */
    private static double interpolate(LocalDate date, ToDoubleFunction<Month> normal) {
        double length = date.lengthOfMonth();
        double offset = (date.getDayOfMonth() - 0.5) / length - 0.5;
        Month neighbour = offset < 0 ? date.getMonth().minus(1) : date.getMonth().plus(1);
        double weight = Math.abs(offset);
        return (1 - weight) * normal.applyAsDouble(date.getMonth()) + weight * normal.applyAsDouble(neighbour);
    }

    private static SplittableRandom randomFor(City city, LocalDate date) {
        return new SplittableRandom(31L * city.id().hashCode() + date.toEpochDay());
    }

    public record Weather(CurrentConditions current, List<DayWeather> days) {
    }

}

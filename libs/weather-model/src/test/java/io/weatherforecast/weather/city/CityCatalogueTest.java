package io.weatherforecast.weather.city;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CityCatalogueTest {

    private final CityCatalogue catalogue = CityCatalogue.bundled(JsonMapper.builder().build());

    @Test
    void bundlesAtLeastFortyCitiesWithUniqueIds() {
        List<City> cities = catalogue.all();
        assertThat(cities).hasSizeGreaterThanOrEqualTo(40);
        assertThat(cities).extracting(City::id).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z]+(-[a-z]+)*"));
    }

    @Test
    void includesTheMajorChineseCities() {
        assertThat(catalogue.all()).extracting(City::id)
            .contains("beijing", "shanghai", "guangzhou", "shenzhen", "chengdu", "hangzhou", "wuhan", "xian",
                    "chongqing", "hong-kong");
    }

    @Test
    void everyCityHasBothNamesATimeZoneAndAClimate() {
        assertThat(catalogue.all()).allSatisfy(city -> {
            assertThat(city.name().en()).isNotBlank();
            assertThat(city.name().zh()).isNotBlank();
            assertThat(city.country()).hasSize(2);
            assertThat(city.timeZone()).isNotNull();
            assertThat(city.climate()).isNotNull();
            assertThat(city.latitude()).isBetween(-90.0, 90.0);
            assertThat(city.longitude()).isBetween(-180.0, 180.0);
        });
    }

    @Test
    void findsACityByItsId() {
        assertThat(catalogue.require("beijing").name().zh()).isEqualTo("北京");
    }

    @Test
    void answersAnUnknownCityWithNotFound() {
        assertThatExceptionOfType(UnknownCityException.class).isThrownBy(() -> catalogue.require("atlantis"))
            .satisfies(ex -> {
                assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                assertThat(ex.getBody().getDetail()).contains("atlantis");
            });
    }

    @Test
    void shortensAVeryLongUnknownIdInTheMessage() {
        UnknownCityException ex = new UnknownCityException("x".repeat(5000));
        assertThat(ex.getBody().getDetail()).hasSizeLessThan(200);
    }

}

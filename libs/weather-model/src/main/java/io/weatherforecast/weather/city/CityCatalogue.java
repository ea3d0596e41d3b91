package io.weatherforecast.weather.city;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * The supported cities, read once from {@code cities.json}, in the order of that file.
 */
public class CityCatalogue {

    private final Map<String, City> citiesById;

    public CityCatalogue(Resource source, JsonMapper mapper) {
        try (InputStream in = source.getInputStream()) {
            List<City> cities = mapper.readValue(in, new TypeReference<List<City>>() {
            });
            this.citiesById = cities.stream().collect(Collectors.toMap(City::id, Function.identity(), (a, b) -> {
                throw new IllegalStateException("Duplicate city id " + a.id() + " in " + source);
            }, LinkedHashMap::new));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the city catalogue " + source, ex);
        }
    }

    public static CityCatalogue bundled(JsonMapper mapper) {
        return new CityCatalogue(new ClassPathResource("cities.json"), mapper);
    }

    public List<City> all() {
        return List.copyOf(citiesById.values());
    }

    public City require(String id) {
        City city = citiesById.get(id);
        if (city == null) {
            throw new UnknownCityException(id);
        }
        return city;
    }

}

package io.weatherforecast.liveconfig;

import java.util.List;
import java.util.Set;

import jakarta.validation.Validation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReloadablePropertiesTest {

    record Greetings(@NotEmpty List<@NotBlank String> words) {
    }

    private final MockEnvironment environment = new MockEnvironment().withProperty("greetings.words[0]", "hello")
        .withProperty("greetings.words[1]", "ni hao");

    private final ReloadableProperties<Greetings> greetings = ReloadableProperties.of(environment, "greetings",
            Greetings.class, Validation.buildDefaultValidatorFactory().getValidator());

    @Test
    void bindsThePropertiesUnderItsPrefix() {
        assertThat(greetings.get().words()).containsExactly("hello", "ni hao");
    }

    @Test
    void followsAChangeOfItsProperties() {
        environment.setProperty("greetings.words[1]", "bonjour");

        greetings.onApplicationEvent(new EnvironmentChangeEvent(Set.of("greetings.words[1]")));

        assertThat(greetings.get().words()).containsExactly("hello", "bonjour");
    }

    @Test
    void keepsTheLastValidValueWhenTheNewOneIsInvalid() {
        environment.setProperty("greetings.words[0]", " ");

        greetings.onApplicationEvent(new EnvironmentChangeEvent(Set.of("greetings.words[0]")));

        assertThat(greetings.get().words()).containsExactly("hello", "ni hao");
    }

    @Test
    void ignoresChangesOfOtherProperties() {
        environment.setProperty("greetings.words[0]", "salut");

        greetings.onApplicationEvent(new EnvironmentChangeEvent(Set.of("server.port")));

        assertThat(greetings.get().words()).containsExactly("hello", "ni hao");
    }

    @Test
    void refusesInvalidPropertiesAtStartUp() {
        MockEnvironment invalid = new MockEnvironment().withProperty("greetings.words[0]", "");
        assertThatExceptionOfType(BindException.class).isThrownBy(() -> ReloadableProperties.of(invalid, "greetings",
                Greetings.class, Validation.buildDefaultValidatorFactory().getValidator()));
    }

}

package io.weatherforecast.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands the test classes one running {@link WeatherCluster} with a 50/50 split, started
 * on first use and stopped when the whole test run ends (JUnit closes what the root store
 * holds), so the JVMs start only once.
 */
final class SharedWeatherCluster implements ParameterResolver {

    static final int CANARY_SPLIT = 50;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WeatherCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
            .getStore(ExtensionContext.Namespace.create(SharedWeatherCluster.class))
            .computeIfAbsent(WeatherCluster.class, key -> WeatherCluster.start(CANARY_SPLIT), WeatherCluster.class);
    }

}

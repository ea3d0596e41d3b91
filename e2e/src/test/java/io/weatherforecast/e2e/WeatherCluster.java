package io.weatherforecast.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five services as real processes on free ports, wired together like ./run-local.sh wires them: the frontend
 * in its local profile, splitting forecast calls between v1 and v2.
 */
final class WeatherCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    static WeatherCluster start(int splitToV2) {
        WeatherCluster cluster = new WeatherCluster();
        try {
            ServiceProcess recommendation = cluster.add(ServiceProcess.start("recommendation", "recommendation", List.of()));
            ServiceProcess advertisement = cluster.add(ServiceProcess.start("advertisement", "advertisement", List.of()));
            ServiceProcess forecastV1 = cluster.add(ServiceProcess.start("forecast-v1", "forecast-v1", List.of()));
            ServiceProcess forecastV2 = cluster.add(ServiceProcess.start("forecast-v2", "forecast-v2",
                    List.of("--spring.http.serviceclient.recommendation.base-url=" + recommendation.baseUrl())));
            cluster.add(ServiceProcess.start("frontend", "frontend",
                    List.of("--spring.profiles.active=local", "--weather.local.split=" + splitToV2,
                            "--weather.local.forecast-v1=" + forecastV1.baseUrl(),
                            "--weather.local.forecast-v2=" + forecastV2.baseUrl(),
                            "--spring.http.serviceclient.advertisement.base-url=" + advertisement.baseUrl())));
            cluster.services.values().forEach(service -> service.awaitReady(START_TIMEOUT));
            return cluster;
        }
        catch (RuntimeException ex) {
            cluster.close();
            throw ex;
        }
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    ServiceProcess frontend() {
        return service("frontend");
    }

    private ServiceProcess add(ServiceProcess service) {
        services.put(service.name(), service);
        return service;
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
    }
}

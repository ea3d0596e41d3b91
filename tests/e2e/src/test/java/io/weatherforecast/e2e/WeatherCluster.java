package io.weatherforecast.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services of services.txt as real processes on free ports, wired together like
 * ./run-local.sh wires them: both frontend versions in their local profile, splitting
 * forecast calls between v1 and v2.
 */
final class WeatherCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    /**
     * Starts every module of services.txt, callees first, and points each caller at the
     * processes started before it: a service with one module through its HTTP service
     * client's base URL, one with several versions through the frontend's local split.
     */
    static WeatherCluster start(int splitToV2) {
        WeatherCluster cluster = new WeatherCluster();
        try {
            List<ServiceModule> modules = ServiceModule.read(ServiceProcess.ROOT);
            List<String> wiring = new ArrayList<>(List.of("--weather.local.split=" + splitToV2));
            for (ServiceModule module : modules) {
                List<String> arguments = new ArrayList<>(wiring);
                if (module.service().equals("frontend")) {
                    arguments.add("--spring.profiles.active=local");
                }
                ServiceProcess process = cluster.add(ServiceProcess.start(module.module(), module.module(), arguments));
                wiring.add("--weather.local." + module.module() + "=" + process.baseUrl());
                if (modules.stream().filter(other -> other.service().equals(module.service())).count() == 1) {
                    wiring.add("--spring.http.serviceclient." + module.service() + ".base-url=" + process.baseUrl());
                }
            }
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

    java.util.Collection<ServiceProcess> services() {
        return services.values();
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

package io.weatherforecast.liveconfig.test;

import java.net.URI;

/**
 * What {@link LiveConfigurationContract} needs to know of a service whose tables come
 * from a ConfigMap: its name (of the application, its ServiceAccount and its ConfigMap),
 * tables that show a marker in the service's answers, and how to read that marker.
 */
public interface ConfiguredService {

    /** The application's name, which is also its ServiceAccount's and its ConfigMap's. */
    String name();

    /**
     * The ConfigMap's {@code application.yaml}: valid tables whose answers show the
     * marker.
     */
    String tables(String marker);

    /** An {@code application.yaml} that binds but fails validation. */
    String invalidTables();

    /**
     * Asks the running service and returns the marker its answer shows; throws on an
     * error.
     */
    String servedMarker(URI baseUrl) throws Exception;

}

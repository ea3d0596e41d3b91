package io.weatherforecast.manifests.cluster;

/**
 * Where a route sends a share of the requests; {@code subset} is null when the route
 * names none.
 */
public record Destination(String host, String subset, int weight) {
}
